/**
 * What the user sees when the app cannot start: an error box naming the cause, in their
 * language, before the process ends with a non-zero exit. Without it a throw during start-up
 * left a process with no tray, no window and the single-instance lock held. No Electron here.
 *
 * The box says what happened in the user's words; the technical text (error messages) follows
 * as its own paragraph, never spliced into a sentence. A problem worded whole (the inbox's,
 * shared/i18n/inbox-open-problems.ts) needs none: its sentence names the folder itself.
 */
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language, type LanguageChoice } from '../../core/desktop-api.ts';
import {
  systemErrorCodeOfError,
  systemErrorText,
  type SystemErrorCode,
} from '../../shared/i18n/system-errors.ts';
import { InboxOpenError } from '../../core/inbox-open-error.ts';
import { inboxOpenFullyWorded, inboxOpenText } from '../../shared/i18n/inbox-open-problems.ts';
import { asSentence } from '../../shared/i18n/translate.ts';
import { resolveLanguage, t } from '../i18n/i18n.ts';

export interface StartupFailure {
  title: string;
  content: string;
}

/** The profile folder cannot be written: Chromium would refuse the single-instance lock. */
export class DataFolderError extends Error {
  override name = 'DataFolderError';
  readonly folder: string;
  constructor(folder: string, cause: unknown) {
    super(`cannot use the data folder ${folder}: it is not writable`, { cause });
    this.folder = folder;
  }
}

/** The error box for `error`: what happened, then the messages of its causes, then the log. */
export function startupFailure(error: unknown, language: Language): StartupFailure {
  const chain = causeChain(error);
  const messages: string[] = [];
  for (const at of chain) {
    const message = at instanceof Error ? at.message : String(at ?? '');
    if (message && !messages.some((known) => known.includes(message))) messages.push(message);
  }
  const { lead, details } = whatHappened(chain, messages, language);
  return {
    title: t(language, 'startup.failedTitle'),
    content: [lead, ...(details.length ? ['', ...details] : []), '', t(language, 'startup.logHint')]
      .join('\n')
      .trim(),
  };
}

/** The box's sentence, and the technical lines that say more than it. */
function whatHappened(
  chain: unknown[],
  messages: string[],
  language: Language,
): { lead: string; details: string[] } {
  // The inbox's own problem is worded whole (its message is the CLI's English sentence).
  const inboxOpen = chain.find((at) => at instanceof InboxOpenError);
  if (inboxOpen) {
    const { problem } = inboxOpen;
    const lead = asSentence(language, inboxOpenText(language, problem));
    return { lead, details: inboxOpenFullyWorded(problem) ? [] : messages.slice(1) };
  }
  const reason = (code: SystemErrorCode | null) =>
    code ? systemErrorText(language, code) : t(language, 'startup.reasonUnknown');
  const systemCode = chain.map(systemErrorCodeOfError).find((code) => code !== null) ?? null;
  const dataFolder = chain.find((at) => at instanceof DataFolderError);
  if (dataFolder) {
    return {
      lead: t(language, 'startup.dataFolder', { reason: reason(systemCode) }),
      details: [dataFolder.folder, ...messages.slice(1)],
    };
  }
  const lead = systemCode
    ? t(language, 'startup.systemError', { reason: reason(systemCode) })
    : messages.length
      ? t(language, 'startup.failed')
      : t(language, 'startup.unknown');
  return { lead, details: messages };
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at: unknown = error; at !== undefined && chain.length < 4;) {
    chain.push(at);
    at = at instanceof Error ? at.cause : undefined;
  }
  return chain;
}

/**
 * The language of the error box: the app's setting when its file can be read (the box may
 * come before the settings store opens, or because it cannot), else the OS locale.
 */
export function startupLanguage(userData: string, osLocale: string | null | undefined): Language {
  return resolveLanguage(readLanguageChoice(join(userData, 'settings.json')), osLocale);
}

function readLanguageChoice(file: string): LanguageChoice {
  try {
    const { language } = JSON.parse(readFileSync(file, 'utf8')) as { language?: unknown };
    return LANGUAGES.find((choice) => choice === language) ?? 'system';
  } catch {
    return 'system';
  }
}

/**
 * Why the profile folder cannot be used, or null when it can. Chromium refuses the
 * single-instance lock when it cannot write its lock file there, which looks exactly like
 * "another Herald is running"; this tells the two apart.
 */
export function profileFolderProblem(folder: string): DataFolderError | null {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    return null;
  } catch (error) {
    return new DataFolderError(folder, error);
  }
}
