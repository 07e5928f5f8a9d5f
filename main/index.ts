/**
 * Composition root of the desktop app: creates the Electron objects and hands them to the
 * setup functions of the feature folders, in start-up order. It decides nothing; every rule
 * lives in a tested, Electron-free module (app/, autostart/, connection/, ipc/,
 * notifications/, settings/, tray/, windows/, and app-service.ts).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import log from 'electron-log/main';
import ElectronStore from 'electron-store';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUserModelId } from './app/app-identity.ts';
import { setupApplicationMenu } from './app/app-menu.ts';
import { backgroundLoggedTo } from './app/background.ts';
import { logServiceEvents } from './app/log-service-events.ts';
import { setupLogging } from './app/logging.ts';
import { setupRelaunch } from './app/relaunch.ts';
import { createShutdown } from './app/shutdown.ts';
import { profileFolderProblem, startupFailure, startupLanguage } from './app/startup-failure.ts';
import { E2E_ENV, E2E_USER_DATA_ENV, installTestHook } from './app/test-hook.ts';
import { createAppService, type AppService } from './app-service.ts';
import { wasLaunchedHidden } from './autostart/autostart.ts';
import { applyStartAtLoginWith, setupAutostart } from './autostart/setup-autostart.ts';
import { setupReconnect } from './connection/setup-reconnect.ts';
import { showInboxReplacedNotice } from './inbox/inbox-replaced-notice.ts';
import { setupIpc } from './ipc/setup-ipc.ts';
import { setupNotifications } from './notifications/setup-notifications.ts';
import { chooseCaFile } from './settings/ca-file-dialog.ts';
import { openSettings } from './settings/open-settings.ts';
import { setupTray } from './tray/setup-tray.ts';
import { checkTrayHost } from './tray/tray-host.ts';
import { firstWindow } from './windows/first-window.ts';
import {
  secureEveryWebContents,
  secureSession,
  sessionContentSecurityPolicy,
} from './windows/web-security.ts';
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
const background = backgroundLoggedTo(logger);

// One instance only: a second launch shows the first one's inbox and exits.
if (!app.requestSingleInstanceLock()) {
  // Chromium also refuses the lock when it cannot write it: then say why instead of vanishing.
  const problem = profileFolderProblem(app.getPath('userData'));
  if (problem) failStartup(problem);
  else app.quit();
} else {
  // Windows shows no toasts from an app without an AppUserModelId (see app-identity.ts).
  if (process.platform === 'win32') {
    app.setAppUserModelId(
      appUserModelId({ isPackaged: app.isPackaged, execPath: process.execPath }),
    );
  }
  secureEveryWebContents(app, (action, detail) =>
    logger.warn(`web-security: blocked ${action} ${detail}`),
  );
  // onReady's own throws and rejections land here too, not only a rejected whenReady.
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => failStartup(error));
}

/** Logs the cause, shows it in an error box and ends the process (releasing the lock). */
function failStartup(error: unknown): void {
  logger.error('start-up failed', error);
  // app.getLocale() is empty before ready; ICU's default locale is the OS's there.
  const osLocale =
    (app.isReady() && app.getLocale()) || Intl.DateTimeFormat().resolvedOptions().locale;
  const language = startupLanguage(app.getPath('userData'), osLocale);
  const { title, content } = startupFailure(error, language);
  dialog.showErrorBox(title, content);
  app.exit(1);
}

async function onReady(): Promise<void> {
  const relaunch = setupRelaunch(app);
  setupApplicationMenu({
    platform: process.platform,
    isPackaged: app.isPackaged,
    menu: Menu,
    dock: app.dock,
  });
  // Asked first, answered while the stores open (Linux only; milliseconds, at most ~4 s).
  const trayHostCheck = checkTrayHost({ platform: process.platform, env: process.env }, (message) =>
    logger.warn(message),
  );
  secureSession(session.defaultSession, {
    csp: sessionContentSecurityPolicy(DEV_SERVER_URL),
    onBlocked: (action, detail) => logger.warn(`web-security: denied ${action} ${detail}`),
  });
  const userData = app.getPath('userData');
  const { settings, secrets } = await openSettings({
    userData,
    openStore: (name) => new ElectronStore<Record<string, unknown>>({ name }),
    safeStorage,
    platform: process.platform,
    warn: (message) => logger.warn(message),
  });
  const autostart = setupAutostart({
    platform: process.platform,
    loginItems: app,
    env: process.env,
    homedir: homedir(),
    execPath: process.execPath,
    appArgs: app.isPackaged ? [] : [app.getAppPath()],
    settings,
    warn: (message) => logger.warn(message),
  });
  const shutdown = createShutdown(app);
  const windows = new WindowManager({
    createWindow: (options) => new BrowserWindow(options),
    platform: process.platform,
    paths: { outDir: OUT_DIR, icon: join(assetsDir(), 'icon.png') },
    devServerUrl: DEV_SERVER_URL,
    isQuitting: shutdown.isQuitting,
    onLoadFailed: (kind, error) => logger.error(`window ${kind} failed to load`, error),
  });
  const trayHost = await trayHostCheck;

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
    chooseCaFile: () =>
      chooseCaFile(
        dialog,
        BrowserWindow.getFocusedWindow(),
        service.settingsView().effectiveLanguage,
      ),
    systemLocale: app.getLocale(),
    applyStartAtLogin: applyStartAtLoginWith(autostart),
  });
  setupIpc({
    ipc: ipcMain,
    service,
    windows,
    renderer: {
      rendererDir: join(OUT_DIR, 'renderer'),
      pages: Object.values(WINDOW_PAGES),
      devServerUrl: DEV_SERVER_URL,
    },
    onRefused: (channel, reason) => logger.warn(`ipc: refused ${channel}: ${reason}`),
  });
  const notifications = setupNotifications({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    logger: logging.scope('notify'),
    icon: join(assetsDir(), 'icon.png'),
    service,
    showInbox: () => windows.show('inbox'),
    background,
  });
  const showWarning = (message: string, detail: string) =>
    dialog.showMessageBox({ type: 'warning', message, detail });
  const tray = setupTray({
    platform: process.platform,
    assetsDir: assetsDir(),
    createImage: (path) => nativeImage.createFromPath(path),
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    setBadgeCount: (count) => app.setBadgeCount(count),
    service,
    openInbox: () => windows.show('inbox'),
    openSettings: () => windows.show('settings'),
    quit: () => app.quit(),
    isStartAtLoginEnabled: () => autostart.isEnabled(),
    showWarning,
    logger,
    background,
  });
  logServiceEvents(service.events, logger);
  const network = setupReconnect({ service, isOnline: () => net.isOnline(), powerMonitor });
  shutdown.install({
    onQuitting: () => {
      network.stop();
      notifications.closeAll();
    },
    stop: () => service.stop(),
    release: () => tray.destroy(),
    onStopFailed: (error) => logger.error('shutdown', error),
  });
  installTestHook(process.env, {
    menuTemplate: () => tray.menuTemplate(),
    notifications,
    storePush: (push) => service.storePush(push),
  });

  const initial = service.settingsView();
  const first = firstWindow({
    account: initial.account,
    hasPassword: initial.hasPassword,
    launchedHidden: wasLaunchedHidden(launchInfo()),
    trayAvailable: trayHost.available,
  });
  service.start();
  if (first) windows.show(first);
  background('inbox replaced notice', showInboxReplacedNotice({ service, showWarning }));
  relaunch.ready(() => windows.show('inbox'));
  logger.info(`Herald ${app.getVersion()} started; data in ${userData}`);
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
