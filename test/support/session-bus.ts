/**
 * A private D-Bus session bus for tests (Debian's dbus-daemon), and a stand-in
 * StatusNotifierWatcher on it (status-notifier-watcher.py, Debian's python3-gi): the real bus
 * protocol and the real gdbus / dbus-send, nothing of the developer's own session touched.
 * Each start makes its own temp dir; stop() ends the process it started and removes the dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WATCHER_SCRIPT = fileURLToPath(new URL('status-notifier-watcher.py', import.meta.url));
/** Debian's python3-gi is built for the system Python, not for a pyenv one first on PATH. */
const SYSTEM_PYTHON = '/usr/bin/python3';

export interface Running {
  stop(): Promise<void>;
}

export interface SessionBus extends Running {
  /** The value for DBUS_SESSION_BUS_ADDRESS. */
  address: string;
  dir: string;
}

export async function startSessionBus(): Promise<SessionBus> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-dbus-'));
  const child = spawn(
    'dbus-daemon',
    ['--session', '--nofork', '--print-address', `--address=unix:path=${join(dir, 'bus')}`],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const address = await firstLine(child);
    return {
      address,
      dir,
      stop: () => stop(child).finally(() => rmSync(dir, { recursive: true, force: true })),
    };
  } catch (error) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Owns org.kde.StatusNotifierWatcher on `address`; resolves once the name is owned. */
export async function startWatcher(
  address: string,
  options: { hostRegistered: boolean },
): Promise<Running> {
  const child = spawn(SYSTEM_PYTHON, [WATCHER_SCRIPT, String(options.hostRegistered)], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await firstLine(child);
    if (line !== 'ready') throw new Error(`watcher said ${line}`);
    return { stop: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end).trim());
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${child.spawnfile} exited (${code}) before a line`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  const gone = child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
  if (gone) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
