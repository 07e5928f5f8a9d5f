/**
 * Logging for the main process: electron-log writing to a rotating file (5 MB, then the file
 * becomes main.old.log, replacing the previous one: one old file is kept), and a small Logger
 * interface that the rest of main takes instead of electron-log itself.
 *
 * This file does not import Electron: the electron-log instance is injected.
 *
 * main/index.ts calls setupLogging(log) before anything logs; the rest of main takes a Logger
 * (or `logging.scope(name)`).
 *
 * Default folder: ~/.config/Herald/logs on Linux, ~/Library/Logs/Herald on macOS,
 * %APPDATA%\Herald\logs on Windows; pass `folder` to put it elsewhere (e2e: the temp profile).
 */
import { dirname, join } from 'node:path';
import type { LevelOption, NodeLogger } from 'electron-log';

/** What the rest of main needs from a logger. */
export interface Logger {
  error(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  info(...params: unknown[]): void;
  debug(...params: unknown[]): void;
}

export interface Logging {
  logger: Logger;
  /** A logger whose lines carry `[name]`. */
  scope(name: string): Logger;
  /** The folder of the current log file, for "Open log folder". */
  logFolder: string;
  logFile: string;
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_FILE_NAME = 'main.log';

export interface LoggingOptions {
  /** Where main.log (and main.old.log) go; electron-log's per-OS default otherwise. */
  folder?: string;
  /** Lowest level written to the file; 'info' by default, 'debug' with --verbose. */
  fileLevel?: LevelOption;
  /** Lowest level on stdout; 'warn' by default (the packaged app has no terminal anyway). */
  consoleLevel?: LevelOption;
  /** Rotation threshold; LOG_MAX_BYTES unless a test needs a small one. */
  maxBytes?: number;
}

/** Configures `log` (electron-log/main in the app, electron-log/node in tests). */
export function setupLogging(log: NodeLogger, options: LoggingOptions = {}): Logging {
  const file = log.transports.file;
  const folder = options.folder;
  if (folder !== undefined) file.resolvePathFn = () => join(folder, LOG_FILE_NAME);
  // Past maxSize electron-log renames main.log to main.old.log (replacing the previous one)
  // and starts a new file: at most one old file, about 2 × maxBytes on disk.
  file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  file.level = options.fileLevel ?? 'info';
  log.transports.console.level = options.consoleLevel ?? 'warn';
  const logFile = file.getFile().path;
  return {
    logger: log,
    scope: (name) => log.scope(name),
    logFolder: dirname(logFile),
    logFile,
  };
}
