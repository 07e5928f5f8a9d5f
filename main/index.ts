/**
 * Composition root of the desktop app: creates the Electron objects and wires them to the
 * Electron-free modules. It decides nothing; every rule lives in a tested module:
 * app-service (inbox, engine, settings, IPC handlers), ipc-handlers (sender checks),
 * windows / window-options, web-security, secret-store, settings-store, system-tray,
 * notification-manager, autostart, network-watch, logging.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, net, Notification,
  powerMonitor, safeStorage, session, shell, Tray, type OpenDialogOptions } from 'electron'; // prettier-ignore
import log from 'electron-log/main';
import ElectronStore from 'electron-store';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IpcChannel, type EventChannel, type IpcEventContract, type Language } from '../core/desktop-api.ts'; // prettier-ignore
import { appUserModelId } from './app/app-identity.ts';
import { applicationMenuTemplate } from './app/app-menu.ts';
import { createAppService, type AppService } from './app-service.ts';
import { createAutostart, wasLaunchedHidden } from './autostart/autostart.ts';
import { EVENT_CHANNELS, registerInvokeHandlers } from './ipc/ipc-handlers.ts';
import { setupLogging } from './app/logging.ts';
import { watchNetwork } from './connection/network-watch.ts';
import { NotificationManager } from './notifications/notification-manager.ts';
import { resolveLanguage, t } from './i18n/i18n.ts';
import { openSafeStorageSecretStore } from './settings/secret-store.ts';
import { isAccountConfigured } from './settings/settings-schema.ts';
import { openStoreResiliently, SettingsStore } from './settings/settings-store.ts';
import { profileFolderProblem, startupFailure } from './app/startup-failure.ts';
import { SystemTray } from './tray/system-tray.ts';
import { detectTrayHost, shouldStartHidden, trayHostWarning } from './tray/tray-host.ts';
import { E2E_ENV, E2E_USER_DATA_ENV, installTestHook } from './app/test-hook.ts';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy, secureSession,
  secureWebContents } from './windows/web-security.ts'; // prettier-ignore
import { WINDOW_PAGES } from './windows/window-options.ts';
import { WindowManager } from './windows/windows.ts';

/** out/ (this file is out/main/index.js once built). */
const OUT_DIR = fileURLToPath(new URL('..', import.meta.url));
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

// e2e runs (Playwright _electron) get their own profile, set before anything reads it.
const e2eUserData = process.env[E2E_ENV] === '1' ? process.env[E2E_USER_DATA_ENV] : undefined;
if (e2eUserData) app.setPath('userData', e2eUserData);

const logging = setupLogging(log);
const logger = logging.logger;

/** Logs a promise nobody awaits, so no failure is ever silent. */
const background = (what: string, promise: Promise<unknown>): void =>
  void promise.catch((error: unknown) => logger.error(`${what} failed`, error));

// One instance only: a second launch shows the first one's inbox and exits.
if (!app.requestSingleInstanceLock()) {
  // Chromium also refuses the lock when it cannot write it: then say why instead of vanishing.
  const problem = profileFolderProblem(app.getPath('userData'));
  if (problem) failStartup(new Error(problem));
  else app.quit();
} else {
  // Windows shows no toasts from an app without an AppUserModelId (see app-identity.ts).
  if (process.platform === 'win32') {
    app.setAppUserModelId(
      appUserModelId({ isPackaged: app.isPackaged, execPath: process.execPath }),
    );
  }
  setupWebSecurity();
  // onReady's own throws and rejections land here too, not only a rejected whenReady.
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => failStartup(error));
}

/** Logs the cause, shows it in an error box and ends the process (releasing the lock). */
function failStartup(error: unknown): void {
  logger.error('start-up failed', error);
  const language = resolveLanguage('system', app.isReady() ? app.getLocale() : undefined);
  const { title, content } = startupFailure(error, language);
  dialog.showErrorBox(title, content);
  app.exit(1);
}

function setupWebSecurity(): void {
  app.on('web-contents-created', (_event, contents) =>
    secureWebContents(contents, (action, detail) =>
      logger.warn(`web-security: blocked ${action} ${detail}`),
    ),
  );
}

async function onReady(): Promise<void> {
  if (process.platform === 'darwin') app.dock?.hide(); // a tray-only app
  // A second launch while this one still starts (a keychain prompt can take its time) is
  // remembered, not lost; it shows the inbox once there is one.
  let showInbox: (() => void) | null = null;
  let inboxWanted = false;
  app.on('second-instance', () => (showInbox ? showInbox() : void (inboxWanted = true)));
  // macOS sends 'activate', not 'second-instance', when the running app is opened again from
  // Finder, Spotlight or Launchpad; a tray-only app has no Dock icon to click instead. Only
  // once started: an 'activate' during the launch must not undo a hidden start at login.
  app.on('activate', () => showInbox?.());
  const menu = applicationMenuTemplate({ platform: process.platform, isPackaged: app.isPackaged });
  if (menu !== undefined) Menu.setApplicationMenu(menu && Menu.buildFromTemplate(menu));
  // Asked first, answered while the stores open (Linux only; milliseconds, at most ~4 s).
  const trayHostCheck = detectTrayHost({ platform: process.platform, env: process.env });
  secureSession(session.defaultSession, {
    csp: DEV_SERVER_URL ? devContentSecurityPolicy(DEV_SERVER_URL) : CONTENT_SECURITY_POLICY,
    onBlocked: (action, detail) => logger.warn(`web-security: denied ${action} ${detail}`),
  });

  const userData = app.getPath('userData');
  const problem = (message: string) => logger.warn(`settings: ${message}`);
  const settingsFile = openStoreResiliently({
    open: () => new ElectronStore<Record<string, unknown>>({ name: 'settings' }),
    file: join(userData, 'settings.json'),
    onProblem: problem,
  });
  const secretsFile = openStoreResiliently({
    open: () => new ElectronStore<Record<string, unknown>>({ name: 'secrets' }),
    file: join(userData, 'secrets.json'),
    onProblem: problem,
  });
  const settings = new SettingsStore({ store: settingsFile, onProblem: problem });
  const secrets = await openSafeStorageSecretStore({
    safeStorage,
    store: secretsFile,
    platform: process.platform,
    onProblem: problem,
  });
  const autostart = createAutostart({
    platform: process.platform,
    loginItems: app,
    env: process.env,
    homedir: homedir(),
    execPath: process.execPath,
    appArgs: app.isPackaged ? [] : [app.getAppPath()],
  });
  const refreshed = autostart.refresh();
  if (!refreshed.ok) logger.warn(`start at login: ${refreshed.error}`);
  // The OS may have removed the login item behind our back: it is the truth.
  if (settings.get().startAtLogin !== autostart.isEnabled()) {
    settings.update({ startAtLogin: autostart.isEnabled() });
  }

  let quitting = false;
  const windows = new WindowManager({
    createWindow: (options) => new BrowserWindow(options),
    platform: process.platform,
    paths: { outDir: OUT_DIR, icon: join(assetsDir(), 'icon.png') },
    devServerUrl: DEV_SERVER_URL,
    isQuitting: () => quitting,
    onLoadFailed: (kind, error) => logger.error(`window ${kind} failed to load`, error),
  });

  const trayHost = await trayHostCheck;
  const noTray = trayHostWarning(trayHost);
  if (noTray) logger.warn(noTray);

  const service: AppService = createAppService({
    dataDir: userData,
    trayAvailable: trayHost.available,
    settings,
    secrets,
    openExternal: (url) => shell.openExternal(url),
    openLogFolder: async () => {
      const error = await shell.openPath(logging.logFolder);
      if (error) logger.warn(`could not open the log folder: ${error}`);
    },
    openSettingsWindow: () => windows.show('settings'),
    chooseCaFile: () => chooseCaFile(service.settingsView().effectiveLanguage),
    systemLocale: app.getLocale(),
    applyStartAtLogin: (enabled) => {
      const result = autostart.setEnabled(enabled);
      if (!result.ok) throw new Error(result.error);
    },
  });

  registerInvokeHandlers({
    ipc: ipcMain,
    handlers: service.handlers,
    renderer: {
      rendererDir: join(OUT_DIR, 'renderer'),
      pages: Object.values(WINDOW_PAGES),
      devServerUrl: DEV_SERVER_URL,
    },
    onRefused: (channel, reason) => logger.warn(`ipc: refused ${channel}: ${reason}`),
  });
  for (const channel of EVENT_CHANNELS) forwardToWindows(service, windows, channel);

  const openItem = (id: string): void => {
    windows.show('inbox');
    // An open page gets the focus-item event; a page still loading finds the item in its
    // first snapshot (InboxSnapshot.focusId).
    background('opening the item', service.focusItem(id));
  };
  const notifications = new NotificationManager({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    onOpenItem: openItem,
    onOpenInbox: () => windows.show('inbox'),
    language: () => service.settingsView().effectiveLanguage,
    hideContent: () => service.settingsView().notifications.hideContent,
    logger: logging.scope('notify'),
    icon: join(assetsDir(), 'icon.png'),
  });
  service.events.on('notify', (notification) => notifications.notify(notification));

  const initial = service.settingsView();
  const tray = new SystemTray({
    platform: process.platform,
    assetsDir: assetsDir(),
    language: initial.effectiveLanguage,
    createImage: (path) => nativeImage.createFromPath(path),
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    setBadgeCount: (count) => app.setBadgeCount(count),
    actions: {
      openInbox: () => windows.show('inbox'),
      setDnd: (choice) => background('do not disturb', service.setDnd(choice)),
      reconnect: () => service.reconnect(),
      openSettings: () => windows.show('settings'),
      setStartAtLogin: (enabled) =>
        background(
          'start at login',
          service.handlers[IpcChannel.saveSettings]({ startAtLogin: enabled }).then((result) => {
            tray.setStartAtLogin(autostart.isEnabled());
            if (result.ok) return;
            // The checkbox springs back; say why (macOS may want the user's approval first).
            const detail = result.errors[0]?.message ?? '';
            logger.warn('start at login:', detail);
            const message = t(service.settingsView().effectiveLanguage, 'menu.startAtLogin');
            return dialog.showMessageBox({ type: 'warning', message, detail });
          }),
        ),
      quit: () => app.quit(),
    },
    initial: {
      connection: service.connection(),
      unread: service.unreadCount(),
      dndUntil: initial.notifications.dndUntil,
      startAtLogin: initial.startAtLogin,
    },
  });
  tray.start();
  service.events.on('connection', (view) => tray.setConnection(view));
  service.events.on('unread', (count) => tray.setUnreadCount(count));
  service.events.on(IpcChannel.settingsChanged, (view) => {
    tray.setDndUntil(view.notifications.dndUntil);
    tray.setStartAtLogin(view.startAtLogin);
    tray.setLanguage(view.effectiveLanguage);
  });
  service.events.on('warning', (message) => logger.warn(message));
  service.events.on('push', ({ push, source, decision }) =>
    logger.info(`push ${push.id} (${source}) → ${decision.action}`),
  );
  service.events.on('connection', (view) => logger.info(`connection: ${view.state}`));

  // Reconnect at once after sleep, unlock and when the network returns (see network-watch.ts).
  const network = watchNetwork({
    isOnline: () => net.isOnline(),
    onBackOnline: () => service.reconnect(),
  });
  service.events.on('connection', (view) => network.setConnection(view));
  powerMonitor.on('resume', () => service.reconnect());
  powerMonitor.on('unlock-screen', () => service.reconnect());

  // Windows only hide; the app lives in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
    network.stop();
    notifications.closeAll();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Close the XMPP stream and write the inbox before the process ends.
    event.preventDefault();
    service
      .stop()
      .catch((error: unknown) => logger.error('shutdown', error))
      .finally(() => {
        stopped = true;
        tray.destroy();
        app.quit();
      });
  });

  installTestHook(process.env, {
    menuTemplate: () => tray.menuTemplate(),
    notifications,
    storePush: (push) => service.storePush(push),
  });

  service.start();
  const hidden = shouldStartHidden({
    launchedHidden: wasLaunchedHidden(launchInfo()),
    trayAvailable: trayHost.available,
  });
  if (!isAccountConfigured(initial.account) || !initial.hasPassword) windows.show('settings');
  else if (!hidden) windows.show('inbox');
  showInbox = () => windows.show('inbox');
  if (inboxWanted) showInbox();
  logger.info(`Herald ${app.getVersion()} started; data in ${userData}`);
}

/** The CA file dialog of Settings, over the focused window where there is one. */
async function chooseCaFile(language: Language): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: t(language, 'dialog.caFile.title'),
    properties: ['openFile'],
    filters: [
      { name: t(language, 'dialog.caFile.certificates'), extensions: ['pem', 'crt', 'cer'] },
      { name: t(language, 'dialog.caFile.all'), extensions: ['*'] },
    ],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function forwardToWindows<C extends EventChannel>(
  service: AppService,
  windows: WindowManager,
  channel: C,
): void {
  const emitter = service.events as unknown as NodeJS.EventEmitter;
  emitter.on(channel, (payload: IpcEventContract[C]) => windows.send(channel, payload));
}

function launchInfo() {
  return {
    argv: process.argv,
    platform: process.platform,
    wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  };
}

/** Tray and window icons: next to app.asar when packaged (extraResources), else the repo's. */
function assetsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'assets') : join(app.getAppPath(), 'assets');
}
