/**
 * What the tray shows, as a pure function of plain data: which icon, the tooltip, the badge
 * count and the do-not-disturb state the menu displays. No Electron here; system-tray.ts
 * applies the result and tray-menu.ts builds the menu from the same input.
 */
import type { ConnectionView, Language } from '../../core/desktop-api.ts';
import { DND_MORNING_HOUR, type DndChoice } from '../../core/notification-policy.ts';
import { problemText } from '../../shared/i18n/connection-problems.ts';
import { t } from '../i18n/i18n.ts';

export interface TrayStateInput {
  connection: ConnectionView;
  /** Unread items over every tab. */
  unread: number;
  /** Epoch ms until which notifications are silenced, or null. */
  dndUntil: number | null;
  now: number;
  startAtLogin: boolean;
  platform: NodeJS.Platform;
  language: Language;
}

export const TRAY_ICON_STATES = ['online', 'connecting', 'offline', 'unread'] as const;
export type TrayIconState = (typeof TRAY_ICON_STATES)[number];

export interface DndView {
  /** The menu entry to check: derived from `dndUntil` (see activeDndChoice). */
  choice: DndChoice;
  /** Epoch ms, or null when off or expired. */
  until: number | null;
  /** Local "HH:MM" of `until`, or null. */
  untilText: string | null;
}

export interface TrayView {
  icon: TrayIconState;
  /** File name inside assets/ for this platform (nativeImage picks up the @2x twin itself). */
  iconFile: string;
  tooltip: string;
  /** For app.setBadgeCount (macOS dock, Unity launchers); 0 clears it. */
  badgeCount: number;
  /** One line of status, for the tooltip and the menu's first (disabled) entry. */
  statusText: string;
  dnd: DndView;
}

/** Windows truncates tray tooltips at 127 characters (NOTIFYICONDATA.szTip is 128 wide). */
export const TOOLTIP_MAX = 127;
const REASON_MAX = 60;

export function trayState(input: TrayStateInput): TrayView {
  const unread = Math.max(0, Math.floor(input.unread));
  const icon = trayIconState(input.connection, unread);
  const statusText = connectionText(input.connection, input.language);
  const dnd = dndView(input.dndUntil, input.now);
  const lines = [
    `${t(input.language, 'app.name')} — ${statusText}`,
    unreadText(unread, input.language),
  ];
  if (dnd.untilText !== null) lines.push(t(input.language, 'tooltip.dnd', { time: dnd.untilText }));
  return {
    icon,
    iconFile: trayIconFile(icon, input.platform),
    tooltip: truncate(lines.join('\n'), TOOLTIP_MAX),
    badgeCount: unread,
    statusText,
    dnd,
  };
}

/** Trouble outranks unread: a user who is offline must see it, the count stays in the tooltip. */
export function trayIconState(connection: ConnectionView, unread: number): TrayIconState {
  switch (connection.state) {
    case 'online':
      return unread > 0 ? 'unread' : 'online';
    case 'connecting':
    case 'reconnecting':
      return 'connecting';
    case 'unconfigured':
    case 'auth-failed':
    case 'error':
    case 'offline':
      return 'offline';
  }
}

/**
 * macOS: a template image (black + alpha; the menu bar tints it for light and dark mode, and
 * the name must end in "Template"). Windows: an .ico holding 16–48 px. Linux: a PNG (22 px,
 * @2x = 44 px), which StatusNotifierItem / AppIndicator panels scale as they like.
 */
export function trayIconFile(icon: TrayIconState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${icon}Template.png`;
  if (platform === 'win32') return `tray-${icon}.ico`;
  return `tray-${icon}.png`;
}

export function connectionText(connection: ConnectionView, language: Language): string {
  switch (connection.state) {
    case 'unconfigured':
      return t(language, 'status.unconfigured');
    case 'connecting':
      return t(language, 'status.connecting');
    case 'online':
      return connection.jid
        ? t(language, 'status.onlineAs', { jid: connection.jid })
        : t(language, 'status.online');
    case 'reconnecting':
      return t(language, 'status.reconnecting', { attempt: connection.attempt });
    case 'auth-failed':
      return t(language, 'status.authFailed');
    case 'error':
      return t(language, 'status.error', {
        reason: truncate(problemText(language, connection.problem), REASON_MAX),
      });
    case 'offline':
      return t(language, 'status.offline');
  }
}

function unreadText(unread: number, language: Language): string {
  if (unread === 0) return t(language, 'tooltip.unread.zero');
  if (unread === 1) return t(language, 'tooltip.unread.one');
  return t(language, 'tooltip.unread.many', { count: unread });
}

export function dndView(dndUntil: number | null, now: number): DndView {
  const choice = activeDndChoice(dndUntil, now);
  if (choice === 'off' || dndUntil === null) return { choice: 'off', until: null, untilText: null };
  return { choice, until: dndUntil, untilText: formatLocalTime(dndUntil) };
}

/**
 * Only the end time is stored, so the checked entry is inferred: "until tomorrow" always ends
 * at exactly DND_MORNING_HOUR:00:00.000 local time (core dndUntil), "1 hour" practically never.
 */
export function activeDndChoice(dndUntil: number | null, now: number): DndChoice {
  if (dndUntil === null || dndUntil <= now) return 'off';
  const end = new Date(dndUntil);
  const atMorning =
    end.getHours() === DND_MORNING_HOUR &&
    end.getMinutes() === 0 &&
    end.getSeconds() === 0 &&
    end.getMilliseconds() === 0;
  return atMorning ? 'tomorrow' : '1h';
}

/** "HH:MM" in this machine's time zone, 24-hour in both languages. */
export function formatLocalTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
