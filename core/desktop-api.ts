/**
 * The one contract between the desktop app's main process, its preload and its renderer:
 * every IPC channel, its arguments and its answer. The preload's `window.herald` type is
 * derived from here, so the three sides cannot drift apart.
 *
 * Types and plain constants only: the renderer may import this file (type-only), the
 * preload bundles the channel names, and main validates every argument against it.
 */
import type { InboxCounts, InboxItem } from './inbox-storage.ts';
import type { PushKind } from './push.ts';
import type { DndChoice } from './notification-policy.ts';
import type { ConnectionProblem } from './connection-errors.ts';

/**
 * The certificate a server presented when it was refused, so the user can compare it with
 * what their administrator says. Plain text, shown as text.
 */
export interface RefusedCertificate {
  /** "CN=xmpp.example.com, O=Example" */
  subject: string;
  issuer: string;
  /** SHA-256 of the certificate, colon-separated hex as openssl and browsers show it. */
  fingerprint256: string;
  /** ISO 8601. */
  validTo: string;
}

/**
 * The connection as the UI shows it (a flattened SessionStatus plus "not configured").
 * `problem`: why, as a code the UI words in its language (shared/i18n/connection-problems.ts).
 * `certificate`: the server's certificate, when the connection failed because it was refused.
 */
export type ConnectionView =
  | { state: 'unconfigured' }
  | { state: 'connecting' }
  | { state: 'online'; jid: string }
  | {
      state: 'reconnecting';
      attempt: number;
      nextAttemptAt: number;
      problem: ConnectionProblem | null;
      certificate?: RefusedCertificate;
    }
  | { state: 'auth-failed'; problem: ConnectionProblem }
  | { state: 'error'; problem: ConnectionProblem; certificate?: RefusedCertificate }
  | { state: 'offline' };

export interface InboxSnapshot {
  /** Newest first. */
  items: InboxItem[];
  /** Unread counts per tab (and to-dos still open). */
  counts: InboxCounts;
  /**
   * An item a notification click asked to show before this window was listening (the window
   * was just created); handed out once. The focus-item event covers open windows.
   */
  focusId: string | null;
}

/** What changed since the last snapshot or change; the renderer applies it in order. */
export type InboxChange =
  | { type: 'upsert'; items: InboxItem[]; counts: InboxCounts }
  | { type: 'remove'; ids: string[]; counts: InboxCounts };

export const TLS_MODES = ['starttls', 'direct-tls', 'plaintext'] as const;
/** `starttls` = xmpp://, `direct-tls` = xmpps://, `plaintext` only for trusted test servers. */
export type TlsMode = (typeof TLS_MODES)[number];

export const LANGUAGES = ['system', 'en', 'zh-CN'] as const;
export type LanguageChoice = (typeof LANGUAGES)[number];
export type Language = Exclude<LanguageChoice, 'system'>;

export interface AccountSettings {
  /** Bare JID, user@domain. */
  jid: string;
  /** Empty: from the JID's domain, default port. */
  host: string;
  /** null: the default port for the TLS mode (5222 / 5223). */
  port: number | null;
  tlsMode: TlsMode;
  /** Bare JIDs whose messages are pushes. */
  systemJids: string[];
  /**
   * A PEM file with the CA(s) to trust besides the OS store and Node's roots (a company CA).
   * Absent or null: none.
   */
  caFile?: string | null;
}

export interface NotificationPreferences {
  /** Epoch ms until which toasts are silenced, or null. */
  dndUntil: number | null;
  urgentBreaksDnd: boolean;
  /** Show "New message" instead of the push's title and body in toasts. */
  hideContent: boolean;
  /** A push that asks for an acknowledgement alerts again this often until it gets one. */
  reminderMinutes: number;
}

export interface RetentionPreferences {
  maxItems: number;
  maxAgeDays: number;
}

/** Settings as the renderer sees them: never the password itself. */
export interface SettingsView {
  account: AccountSettings;
  hasPassword: boolean;
  /**
   * 'strong' = OS keychain; 'weak' = Linux basic_text (the password is only obfuscated);
   * 'unavailable' = cannot store a password at all.
   */
  secretStorage: 'strong' | 'weak' | 'unavailable';
  /** false on a Linux desktop with no tray host: a login launch then opens the inbox. */
  trayAvailable: boolean;
  notifications: NotificationPreferences;
  startAtLogin: boolean;
  language: LanguageChoice;
  /** The language in effect (the OS locale when `language` is 'system'). */
  effectiveLanguage: Language;
  retention: RetentionPreferences;
}

/** A settings change from the renderer. `password` undefined = keep the stored one. */
export interface SettingsUpdate {
  account?: AccountSettings;
  password?: string;
  notifications?: Partial<Omit<NotificationPreferences, 'dndUntil'>>;
  startAtLogin?: boolean;
  language?: LanguageChoice;
  retention?: RetentionPreferences;
}

type NoParams = Record<string, never>;
type Range = { min: number; max: number };

/**
 * Each reason main refuses a setting, with its parameters. The form words them in its
 * language (shared/i18n/field-errors.ts); `invalid` carries a check's own English text.
 */
export interface FieldProblemParams {
  'settings.type': NoParams;
  'setting.unknown': NoParams;
  'toggle.type': NoParams;
  'jid.type': NoParams;
  'jid.missing': NoParams;
  'jid.tooLong': NoParams;
  'jid.invalid': NoParams;
  'systemJid.type': NoParams;
  'systemJid.missing': NoParams;
  'systemJid.tooLong': NoParams;
  'systemJid.invalid': NoParams;
  'host.type': NoParams;
  'host.tooLong': NoParams;
  'host.invalid': NoParams;
  'port.type': NoParams;
  'port.notInteger': NoParams;
  'port.range': Range;
  'tlsMode.invalid': { choices: string };
  'systemJids.type': NoParams;
  'systemJids.missing': NoParams;
  'systemJids.tooMany': { max: number };
  'caFile.type': NoParams;
  'caFile.empty': NoParams;
  'caFile.tooLong': NoParams;
  'caFile.notChosen': NoParams;
  'caFile.missing': NoParams;
  'caFile.unreadable': { detail: string };
  'caFile.notPem': NoParams;
  'password.type': NoParams;
  'password.empty': NoParams;
  'password.tooLong': NoParams;
  'password.needed': NoParams;
  'password.noSafeStorage': NoParams;
  'language.invalid': { choices: string };
  'maxItems.type': NoParams;
  'maxItems.notInteger': NoParams;
  'maxItems.range': Range;
  'maxAgeDays.type': NoParams;
  'maxAgeDays.notInteger': NoParams;
  'maxAgeDays.range': Range;
  'reminderMinutes.type': NoParams;
  'reminderMinutes.notInteger': NoParams;
  'reminderMinutes.range': Range;
  'startAtLogin.failed': { detail: string };
  invalid: { detail: string };
}

export type FieldProblemCode = keyof FieldProblemParams;

export type FieldProblem = {
  [C in FieldProblemCode]: { code: C; params: FieldProblemParams[C] };
}[FieldProblemCode];

/** Why a field was refused, so the form can say it, in its language, next to the field. */
export type FieldError = { field: string } & FieldProblem;

export type SaveResult = { ok: true; settings: SettingsView } | { ok: false; errors: FieldError[] };

export type ConnectionTestFailure =
  'invalid' | 'auth' | 'unreachable' | 'certificate' | 'no-tls' | 'timeout' | 'other';

/** What the user can do about a failed test; the form words it after the problem. */
export type ConnectionTestAdvice =
  'auth' | 'unreachable' | 'certificate' | 'unknown-issuer' | 'no-tls' | 'timeout';

export type ConnectionTestResult =
  | { ok: true; jid: string }
  /** The form's account or password, refused before connecting. */
  | { ok: false; kind: 'invalid'; problem: FieldProblem }
  | {
      ok: false;
      kind: Exclude<ConnectionTestFailure, 'invalid'>;
      problem: ConnectionProblem;
      advice: ConnectionTestAdvice | null;
      /** With kind 'certificate': what the server presented, when it could be read. */
      certificate?: RefusedCertificate;
    };

/** The answer of "Choose…" for the CA file: checked in main before the form takes it. */
export type CaFileChoice =
  | { status: 'chosen'; path: string }
  | { status: 'canceled' }
  | { status: 'invalid'; path: string; problem: FieldProblem };

/** What the test-connection button sends: the form as it is, password included or stored. */
export interface ConnectionTestRequest {
  account: AccountSettings;
  /** undefined = use the stored password. */
  password?: string;
}

/**
 * Every channel. `invoke` channels answer; `event` channels go from main to the renderer.
 * Values are the wire names; keep them stable.
 */
export const IpcChannel = {
  getInbox: 'inbox:get',
  setRead: 'inbox:set-read',
  setDone: 'inbox:set-done',
  deleteItem: 'inbox:delete',
  acknowledge: 'inbox:acknowledge',
  chooseAction: 'inbox:choose-action',
  markAllRead: 'inbox:mark-all-read',
  openLink: 'inbox:open-link',
  getConnection: 'connection:get',
  reconnect: 'connection:reconnect',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  testConnection: 'settings:test-connection',
  setDnd: 'settings:set-dnd',
  chooseCaFile: 'settings:choose-ca-file',
  openLogFolder: 'app:open-log-folder',
  openSettings: 'app:open-settings',
  // main → renderer
  inboxChanged: 'inbox:changed',
  connectionChanged: 'connection:changed',
  settingsChanged: 'settings:changed',
  focusItem: 'inbox:focus-item',
} as const;

/** Arguments and answer of each invoke channel. */
export interface IpcInvokeContract {
  [IpcChannel.getInbox]: { args: []; result: InboxSnapshot };
  [IpcChannel.setRead]: { args: [id: string, read: boolean]; result: boolean };
  [IpcChannel.setDone]: { args: [id: string, done: boolean]; result: boolean };
  [IpcChannel.deleteItem]: { args: [id: string]; result: boolean };
  /** The user acknowledged an `ackRequired` push; false when it changed nothing. */
  [IpcChannel.acknowledge]: { args: [id: string]; result: boolean };
  /** The user chose one of the push's buttons (it also becomes done); false when refused. */
  [IpcChannel.chooseAction]: { args: [id: string, actionId: string]; result: boolean };
  /** undefined kind = every tab. Answers how many items changed. */
  [IpcChannel.markAllRead]: { args: [kind?: PushKind]; result: number };
  /** Opens the item's own http(s) link in the browser; false when it has none. */
  [IpcChannel.openLink]: { args: [id: string]; result: boolean };
  [IpcChannel.getConnection]: { args: []; result: ConnectionView };
  [IpcChannel.reconnect]: { args: []; result: null };
  [IpcChannel.getSettings]: { args: []; result: SettingsView };
  [IpcChannel.saveSettings]: { args: [update: SettingsUpdate]; result: SaveResult };
  [IpcChannel.testConnection]: {
    args: [request: ConnectionTestRequest];
    result: ConnectionTestResult;
  };
  [IpcChannel.setDnd]: { args: [choice: DndChoice]; result: SettingsView };
  /** Opens main's file dialog; the form keeps the path until Save (which checks it again). */
  [IpcChannel.chooseCaFile]: { args: []; result: CaFileChoice };
  [IpcChannel.openLogFolder]: { args: []; result: null };
  [IpcChannel.openSettings]: { args: []; result: null };
}

/** Payload of each main → renderer event. */
export interface IpcEventContract {
  [IpcChannel.inboxChanged]: InboxChange;
  [IpcChannel.connectionChanged]: ConnectionView;
  [IpcChannel.settingsChanged]: SettingsView;
  /** A notification was clicked: show this item (main has already marked it read). */
  [IpcChannel.focusItem]: string;
}

export type InvokeChannel = keyof IpcInvokeContract;
export type EventChannel = keyof IpcEventContract;

/** The API the preload exposes as `window.herald`: one named method per operation. */
export interface HeraldApi {
  getInbox(): Promise<InboxSnapshot>;
  setRead(id: string, read: boolean): Promise<boolean>;
  setDone(id: string, done: boolean): Promise<boolean>;
  deleteItem(id: string): Promise<boolean>;
  acknowledge(id: string): Promise<boolean>;
  chooseAction(id: string, actionId: string): Promise<boolean>;
  markAllRead(kind?: PushKind): Promise<number>;
  openLink(id: string): Promise<boolean>;
  getConnection(): Promise<ConnectionView>;
  reconnect(): Promise<null>;
  getSettings(): Promise<SettingsView>;
  saveSettings(update: SettingsUpdate): Promise<SaveResult>;
  testConnection(request: ConnectionTestRequest): Promise<ConnectionTestResult>;
  setDnd(choice: DndChoice): Promise<SettingsView>;
  chooseCaFile(): Promise<CaFileChoice>;
  openLogFolder(): Promise<null>;
  openSettings(): Promise<null>;
  /** Each returns a function that unsubscribes. */
  onInboxChanged(listener: (change: InboxChange) => void): () => void;
  onConnectionChanged(listener: (status: ConnectionView) => void): () => void;
  onSettingsChanged(listener: (settings: SettingsView) => void): () => void;
  onFocusItem(listener: (id: string) => void): () => void;
}

/** Name of the global the preload defines: `window.herald`. */
export const API_GLOBAL = 'herald';

/** What main implements: one handler per invoke channel (the IPC wrapper adds sender checks). */
export type InvokeHandlers = {
  [C in InvokeChannel]: (
    ...args: IpcInvokeContract[C]['args']
  ) => Promise<IpcInvokeContract[C]['result']>;
};

/** How the API reaches main: ipcRenderer in the preload, a Playwright binding in e2e tests. */
export interface ApiTransport {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...args: IpcInvokeContract[C]['args']
  ): Promise<IpcInvokeContract[C]['result']>;
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<C extends EventChannel>(
    channel: C,
    listener: (payload: IpcEventContract[C]) => void,
  ): () => void;
}
