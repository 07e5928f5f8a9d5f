/**
 * Can a tray icon be shown here? A launch at login starts hidden in the tray; where no tray
 * can be shown (GNOME without the AppIndicator extension) the app would be running but
 * invisible, so such a launch opens the inbox instead (`shouldStartHidden`).
 *
 * How Electron 45 shows a Linux tray (shell/browser/ui/tray_icon_linux.cc, Chromium's
 * chrome/browser/ui/views/status_icons/status_icon_linux_dbus.cc):
 *   1. StatusIconLinuxDbus, a StatusNotifierItem: it asks the session bus NameHasOwner
 *      (org.kde.StatusNotifierWatcher), then reads the watcher's
 *      IsStatusNotifierHostRegistered property; either false or failing means "init failed".
 *   2. On that failure Electron falls back to StatusIconGtk, a GtkStatusIcon: the old XEmbed
 *      system tray (an X11 `_NET_SYSTEM_TRAY_S<n>` selection owner such as i3bar, stalonetray,
 *      older Xfce/MATE panels). GNOME Shell (since 3.26) has no such tray, and GtkStatusIcon
 *      draws nothing under Wayland.
 * This module checks step 1 exactly as Chromium does, and does not look for an XEmbed tray
 * (that needs an X11 client; no new native deps). So the answer is "available" only when a
 * StatusNotifier host was positively seen. Every doubt (XEmbed-only desktop, no session bus,
 * no D-Bus tool, a timeout) answers "not available": the cost is an inbox window at login
 * that the user closes, where the opposite mistake is an app nobody can see or reach.
 * Windows and macOS always have a notification area / menu bar: always available.
 *
 * The bus is asked with `gdbus` (libglib2.0-bin, on every GNOME desktop), else `dbus-send`
 * (dbus-bin), each call bounded by a timeout. Never throws.
 *
 * main/index.ts asks first (checkTrayHost) and passes `available` to firstWindow and to the
 * app service, whose Settings tells the user why a start at login opens the inbox.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';
export const TRAY_HOST_TIMEOUT_MS = 1_500;

export type TrayHost =
  | { available: true; reason: 'not-linux' | 'status-notifier-host' }
  | {
      available: false;
      reason: 'no-watcher' | 'no-host' | 'bus-error' | 'no-dbus-tool';
      /** What the tool said, for the log. */
      detail?: string;
    };

export interface TrayHostOptions {
  platform: NodeJS.Platform;
  /** process.env: the session bus address (DBUS_SESSION_BUS_ADDRESS) and PATH come from it. */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}

/** Start hidden only where the tray icon can be seen: else nothing would show the app. */
export function shouldStartHidden(launch: {
  launchedHidden: boolean;
  trayAvailable: boolean;
}): boolean {
  return launch.launchedHidden && launch.trayAvailable;
}

export async function detectTrayHost(options: TrayHostOptions): Promise<TrayHost> {
  if (options.platform !== 'linux') return { available: true, reason: 'not-linux' };
  const timeoutMs = options.timeoutMs ?? TRAY_HOST_TIMEOUT_MS;
  for (const tool of DBUS_TOOLS) {
    const ask = (query: Query) => askBus(tool, query, options.env, timeoutMs);
    const owner = await ask(NAME_HAS_OWNER);
    if (owner.kind === 'missing') continue;
    if (owner.kind === 'failed')
      return { available: false, reason: 'bus-error', detail: owner.detail };
    if (!owner.value) return { available: false, reason: 'no-watcher' };
    const host = await ask(HOST_REGISTERED);
    // Chromium gives up as well when the watcher does not answer the property.
    if (host.kind !== 'answer') return { available: false, reason: 'no-host', detail: host.detail };
    return host.value
      ? { available: true, reason: 'status-notifier-host' }
      : { available: false, reason: 'no-host' };
  }
  return { available: false, reason: 'no-dbus-tool', detail: 'neither gdbus nor dbus-send found' };
}

/** The one log line for a Linux session without a tray; null where there is nothing to say. */
export function trayHostWarning(host: TrayHost): string | null {
  if (host.available) return null;
  const why: Record<typeof host.reason, string> = {
    'no-watcher': `nothing owns ${STATUS_NOTIFIER_WATCHER} on the session bus`,
    'no-host': 'no StatusNotifier host is registered',
    'bus-error': 'the session bus could not be asked',
    'no-dbus-tool': 'the session bus could not be asked',
  };
  const detail = host.detail ? ` (${host.detail})` : '';
  return `tray: no tray host found, ${why[host.reason]}${detail}; a launch at login opens the inbox instead of hiding`;
}

/** detectTrayHost, with the warning for a session without a tray logged as soon as it is known. */
export async function checkTrayHost(
  options: TrayHostOptions,
  warn: (message: string) => void,
): Promise<TrayHost> {
  const host = await detectTrayHost(options);
  const warning = trayHostWarning(host);
  if (warning) warn(warning);
  return host;
}

interface Query {
  /** Arguments after the tool's common ones; the destination, path and method. */
  gdbus: readonly string[];
  dbusSend: readonly string[];
}

const NAME_HAS_OWNER: Query = {
  gdbus: [
    '--dest',
    'org.freedesktop.DBus',
    '--object-path',
    '/org/freedesktop/DBus',
    '--method',
    'org.freedesktop.DBus.NameHasOwner',
    STATUS_NOTIFIER_WATCHER,
  ],
  dbusSend: [
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${STATUS_NOTIFIER_WATCHER}`,
  ],
};

const HOST_REGISTERED: Query = {
  gdbus: [
    '--dest',
    STATUS_NOTIFIER_WATCHER,
    '--object-path',
    '/StatusNotifierWatcher',
    '--method',
    'org.freedesktop.DBus.Properties.Get',
    STATUS_NOTIFIER_WATCHER,
    'IsStatusNotifierHostRegistered',
  ],
  dbusSend: [
    `--dest=${STATUS_NOTIFIER_WATCHER}`,
    '/StatusNotifierWatcher',
    'org.freedesktop.DBus.Properties.Get',
    `string:${STATUS_NOTIFIER_WATCHER}`,
    'string:IsStatusNotifierHostRegistered',
  ],
};

interface DbusTool {
  file: string;
  args(query: Query, timeoutMs: number): string[];
  /** The boolean in the reply: gdbus prints `(true,)` / `(<true>,)`, dbus-send `boolean true`. */
  parse(stdout: string): boolean | null;
}

const DBUS_TOOLS: readonly DbusTool[] = [
  {
    file: 'gdbus',
    args: (query, timeoutMs) => [
      'call',
      '--session',
      '--timeout',
      String(Math.max(1, Math.ceil(timeoutMs / 1000))),
      ...query.gdbus,
    ],
    parse: (stdout) => booleanIn(/^\(<?(true|false)>?,\)$/, stdout.trim()),
  },
  {
    file: 'dbus-send',
    args: (query, timeoutMs) => [
      '--session',
      '--print-reply',
      `--reply-timeout=${timeoutMs}`,
      ...query.dbusSend,
    ],
    parse: (stdout) => booleanIn(/\bboolean (true|false)\s*$/, stdout.trim()),
  },
];

function booleanIn(pattern: RegExp, text: string): boolean | null {
  const match = pattern.exec(text);
  return match ? match[1] === 'true' : null;
}

type Answer =
  | { kind: 'answer'; value: boolean }
  | { kind: 'missing'; detail: string }
  | { kind: 'failed'; detail: string };

function askBus(
  tool: DbusTool,
  query: Query,
  env: TrayHostOptions['env'],
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve) => {
    // The tool's own timeout covers a bus that does not reply; ours, one that never accepts.
    const options = { env, timeout: timeoutMs + 500, killSignal: 'SIGKILL' as const };
    execFile(tool.file, tool.args(query, timeoutMs), options, (error, stdout, stderr) => {
      if (error) {
        if (error.code === 'ENOENT') return resolve({ kind: 'missing', detail: error.message });
        const detail = error.killed ? `${tool.file} timed out` : stderr.trim() || error.message;
        return resolve({ kind: 'failed', detail: firstLine(detail) });
      }
      const value = tool.parse(stdout);
      if (value === null)
        resolve({ kind: 'failed', detail: `unexpected reply: ${firstLine(stdout)}` });
      else resolve({ kind: 'answer', value });
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] ?? '';
}
