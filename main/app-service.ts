/**
 * Everything the desktop app does, without Electron: the inbox, the engine, the settings and
 * one handler per IPC invoke channel. main/index.ts wires it to ipcMain, windows and the tray;
 * tests and the renderer's Chromium harness drive the very same handlers.
 *
 * Outside Electron, test/support/app-service.ts gives the deps a test or harness needs.
 *
 * Handlers check their arguments (main/ipc/ipc-arguments.ts) and reject bad calls with an Error,
 * changing nothing. Extra events besides the IPC ones: 'notify' (EngineNotification, for
 * toasts), 'unread' (total unread count), 'connection' (ConnectionView, for the tray),
 * 'warning' (a sentence for the log).
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  IpcChannel,
  type ConnectionView,
  type EventChannel,
  type InvokeChannel,
  type InvokeHandlers,
  type IpcEventContract,
  type SettingsView,
} from '../core/desktop-api.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import type { EngineEvents, EngineNotification } from '../core/engine.ts';
import type { InboxReplaced } from '../core/inbox-open-error.ts';
import type { Push } from '../core/push.ts';
import { dndUntil, type DndChoice } from '../core/notification-policy.ts';
import { inboxReplacedLogLine } from '../shared/i18n/inbox-open-problems.ts';
import { createCaFileSetting } from './settings/ca-file-setting.ts';
import { createCaTrust, parsePemCertificates } from './settings/ca-trust.ts';
import { createConnectionTest } from './settings/connection-test-request.ts';
import { createEngineRestart, savedEngineConfig } from './connection/engine-restart.ts';
import { EngineRunner, type EngineTiming } from './connection/engine-runner.ts';
import { resolveLanguage } from './i18n/i18n.ts';
import { checkArguments, checkItemId, InvalidArgumentsError } from './ipc/ipc-arguments.ts';
import { safelyOpenWebUrl } from './windows/safe-open.ts';
import type { SecretStore } from './settings/secret-store.ts';
import { openAppInbox, retentionPolicy } from './inbox/app-inbox.ts';
import { createSaveSettings } from './settings/save-settings.ts';
import type { SettingsStore } from './settings/settings-store.ts';

export interface AppServiceDeps {
  /** Where inbox.sqlite lives (the same file `herald listen --data-dir` uses). */
  dataDir: string;
  settings: SettingsStore;
  /** Whether the desktop can show a tray icon (main/tray/tray-host.ts); true when unknown. */
  trayAvailable?: boolean;
  secrets: SecretStore;
  /** shell.openExternal; only ever called with a checked http(s) URL. */
  openExternal(url: string): Promise<void> | void;
  openLogFolder(): Promise<void> | void;
  openSettingsWindow(): void;
  /** The OS locale (app.getLocale()), for language 'system'. */
  systemLocale: string;
  /** Registers or removes the login item; throwing refuses the save. */
  applyStartAtLogin(enabled: boolean): Promise<void> | void;
  /** Wall time for do-not-disturb and the inbox; timers of the inbox and the engine. */
  clock?: Clock;
  /** Also trust this CA file (PEM), e.g. a test server's self-signed CA; not a setting. */
  caFile?: string;
  /** Also trust these PEM certificates. */
  extraCaPem?: string;
  /**
   * The file dialog for Settings' CA certificate (settings/ca-file-dialog.ts in the app);
   * resolves with the chosen path, or null when canceled. Without it, Choose… is refused.
   */
  chooseCaFile?(): Promise<string | null>;
  engineTiming?: EngineTiming;
  /** Default 10 s. */
  connectionTestTimeoutMs?: number;
  /** How long inbox changes gather before one write (default 50 ms). */
  inboxFlushDelayMs?: number;
}

export type AppServiceEvents = { [C in EventChannel]: [IpcEventContract[C]] } & {
  notify: [EngineNotification];
  /** What was shown for this push should go: handled, completed, withdrawn or expired. */
  withdraw: EngineEvents['withdraw'];
  unread: [number];
  connection: [ConnectionView];
  warning: [string];
  push: EngineEvents['push'];
  /** The archive catch-up after a login finished (or could not run). */
  synced: EngineEvents['synced'];
};

export interface AppService {
  handlers: InvokeHandlers;
  events: EventEmitter<AppServiceEvents>;
  /** Starts the engine when an account and a password are configured; else 'unconfigured'. */
  start(): void;
  /** Closes the stream and the inbox (written to disk first). Final. */
  stop(): Promise<void>;
  /** A notification was clicked: marks the item read and asks the inbox window to show it. */
  focusItem(id: string): Promise<boolean>;
  setDnd(choice: DndChoice): Promise<SettingsView>;
  /** Current state, for the tray and notifications at startup. */
  connection(): ConnectionView;
  unreadCount(): number;
  /** The unreadable inbox file moved aside at start, for the box that tells the user; else null. */
  inboxReplaced(): InboxReplaced | null;
  settingsView(): SettingsView;
  /** Reconnect now (OS resume, unlock, network back). */
  reconnect(): void;
  /**
   * Stores a push as the engine does on receipt (inbox + `inbox:changed`), without a
   * notification. For the Electron e2e hook; false when its id was seen before.
   */
  storePush(push: Push): boolean;
}

export function createAppService(deps: AppServiceDeps): AppService {
  const clock = deps.clock ?? systemClock;
  const events = new EventEmitter<AppServiceEvents>();
  const emit = <C extends EventChannel>(channel: C, payload: IpcEventContract[C]): void => {
    (events.emit as (name: string, payload: unknown) => boolean)(channel, payload);
  };
  const warn = (message: string): void => void events.emit('warning', message);

  // Warnings while starting wait a turn, so a caller that subscribes after creation hears them.
  const warnSoon = (message: string): void => queueMicrotask(() => warn(message));
  const caTrust = createCaTrust({
    fixed: [
      ...(deps.caFile ? parsePemCertificates(readFileSync(deps.caFile, 'utf8')) : []),
      ...(deps.extraCaPem ? parsePemCertificates(deps.extraCaPem) : []),
    ],
    warn: warnSoon,
  });
  const initial = deps.settings.get();
  caTrust.useCaFile(initial.account.caFile ?? null);
  const caFiles = createCaFileSetting(deps.chooseCaFile);

  let inboxReplaced: InboxReplaced | null = null;
  const inbox = openAppInbox({
    dataDir: deps.dataDir,
    retention: initial.retention,
    clock,
    flushDelayMs: deps.inboxFlushDelayMs,
    onChange: (change) => emit(IpcChannel.inboxChanged, change),
    onUnread: (count) => void events.emit('unread', count),
    warn,
    onReplaced: (replaced) => {
      inboxReplaced = replaced;
      warnSoon(inboxReplacedLogLine(replaced));
    },
  });

  /** See InboxSnapshot.focusId: a window being created may not be listening yet. */
  let pendingFocus: string | null = null;

  const runner = new EngineRunner({
    inbox,
    timing: deps.engineTiming,
    clock,
    notificationSettings: () => {
      const {
        dndUntil: until,
        urgentBreaksDnd,
        reminderMinutes,
      } = deps.settings.get().notifications;
      return { dndUntil: until, urgentBreaksDnd, reminderIntervalMs: reminderMinutes * 60_000 };
    },
    onStatus: (view) => {
      emit(IpcChannel.connectionChanged, view);
      events.emit('connection', view);
    },
    onEngineEvent: (name, ...args) => {
      (events.emit as (name: string, ...rest: unknown[]) => boolean)(name, ...args);
    },
  });

  function settingsView(): SettingsView {
    const settings = deps.settings.get();
    return {
      ...settings,
      hasPassword: deps.secrets.hasPassword(),
      secretStorage: deps.secrets.backend(),
      trayAvailable: deps.trayAvailable ?? true,
      effectiveLanguage: resolveLanguage(settings.language, deps.systemLocale),
    };
  }

  const restartEngine = createEngineRestart({
    readConfig: () => savedEngineConfig(deps.settings, deps.secrets),
    configure: (config) => runner.configure(config),
    warn,
  });

  async function setDnd(choice: DndChoice): Promise<SettingsView> {
    deps.settings.setDndUntil(dndUntil(choice, clock.now()));
    const view = settingsView();
    emit(IpcChannel.settingsChanged, view);
    return view;
  }

  const saveSettings = createSaveSettings({
    settings: deps.settings,
    secrets: deps.secrets,
    caFiles,
    caTrust,
    applyStartAtLogin: deps.applyStartAtLogin,
    setRetention: (retention) => inbox.setRetention(retentionPolicy(retention)),
    restartEngine,
    settingsView,
    onSaved: (view) => emit(IpcChannel.settingsChanged, view),
  });
  const testConnection = createConnectionTest({
    settings: deps.settings,
    secrets: deps.secrets,
    caFiles,
    caTrust,
    timeoutMs: deps.connectionTestTimeoutMs,
  });

  const impl: InvokeHandlers = {
    async [IpcChannel.getInbox]() {
      const focusId = pendingFocus;
      pendingFocus = null;
      return { items: inbox.list(), counts: inbox.counts(), focusId };
    },
    // Each choice goes to the push's sender and the user's other devices (engine.choose);
    // so does each item "Mark all read" reads.
    async [IpcChannel.setRead](id, read) {
      runner.choose(id, read ? 'read' : 'unread');
      return inbox.get(id) !== undefined;
    },
    async [IpcChannel.setDone](id, done) {
      runner.choose(id, done ? 'done' : 'undone');
      return inbox.get(id) !== undefined;
    },
    async [IpcChannel.deleteItem](id) {
      return runner.choose(id, 'deleted');
    },
    async [IpcChannel.acknowledge](id) {
      return runner.choose(id, 'acknowledged');
    },
    async [IpcChannel.chooseAction](id, actionId) {
      return runner.choose(id, 'action', { action: actionId });
    },
    async [IpcChannel.markAllRead](kind) {
      return runner.markAllRead(kind);
    },
    async [IpcChannel.openLink](id) {
      const url = inbox.get(id)?.url;
      if (!url) return false;
      return safelyOpenWebUrl(url, deps.openExternal);
    },
    async [IpcChannel.getConnection]() {
      return runner.view;
    },
    async [IpcChannel.reconnect]() {
      reconnect();
      return null;
    },
    async [IpcChannel.getSettings]() {
      return settingsView();
    },
    [IpcChannel.saveSettings]: saveSettings,
    [IpcChannel.testConnection]: testConnection,
    [IpcChannel.chooseCaFile]: () => caFiles.choose(),
    [IpcChannel.setDnd]: setDnd,
    async [IpcChannel.openLogFolder]() {
      await deps.openLogFolder();
      return null;
    },
    async [IpcChannel.openSettings]() {
      deps.openSettingsWindow();
      return null;
    },
  };

  function reconnect(): void {
    if (runner.view.state === 'unconfigured') void restartEngine();
    else runner.reconnectNow();
  }

  let stopped: Promise<void> | null = null;

  return {
    handlers: guardAll(impl),
    events,
    start() {
      void restartEngine();
    },
    stop() {
      stopped ??= runner.stop().finally(() => {
        if (!inbox.close()) warn('some inbox changes could not be saved');
      });
      return stopped;
    },
    storePush(push) {
      return inbox.add(push);
    },
    async focusItem(id) {
      checkItemId(id, 'focusItem');
      if (!inbox.get(id)) return false;
      runner.choose(id, 'read');
      pendingFocus = id;
      emit(IpcChannel.focusItem, id);
      return true;
    },
    async setDnd(choice) {
      checkArguments(IpcChannel.setDnd, [choice]);
      return setDnd(choice);
    },
    connection: () => runner.view,
    unreadCount: () => inbox.counts().all.unread,
    inboxReplaced: () => inboxReplaced,
    settingsView,
    reconnect,
  };
}

/** Every handler checks its arguments first; a bad call rejects and changes nothing. */
function guardAll(impl: InvokeHandlers): InvokeHandlers {
  const guarded: Partial<Record<InvokeChannel, unknown>> = {};
  for (const channel of Object.keys(impl) as InvokeChannel[]) {
    const handler = impl[channel] as (...args: unknown[]) => Promise<unknown>;
    guarded[channel] = async (...args: unknown[]) => handler(...checkArguments(channel, args));
  }
  return guarded as unknown as InvokeHandlers;
}

export { InvalidArgumentsError };
