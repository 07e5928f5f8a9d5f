/**
 * STAND-IN for the `electron` module, for running the BUILT main process (out/main/index.js)
 * under plain Node where the Electron binary cannot be downloaded. ./register.ts resolves
 * `electron` here; ./host.ts forks the app and plays the OS and the user.
 *
 * It is not a second Electron: it records what the app asks of Tray, Menu, Notification,
 * dialog, app and friends, turns each BrowserWindow into a real Chromium page (owned by the
 * host), and forwards ipcMain invokes from the page. Every public member is typed against
 * electron.d.ts (see the `Pick<…>` checks), so an Electron signature that drifts from what
 * this file offers fails `npm run typecheck`; a member the app uses that is missing here
 * fails the stand-in scenarios at run time.
 *
 * Behaviour copied on purpose, because the app relies on it:
 * - app: 'ready' then whenReady(); quit() = before-quit → close every window (a prevented
 *   close cancels) → will-quit (preventable) → quit → exit 0; exit(code) ends at once.
 * - requestSingleInstanceLock(): a lock file plus a Unix socket in userData, as Chromium's
 *   ProcessSingleton does on Linux: false when another live process holds it or when the lock
 *   cannot be written (Chromium's LOCK_ERROR), and the holder gets 'second-instance'.
 * - safeStorage on Linux: `basic_text` (no keyring) encrypts only after
 *   setUsePlainTextEncryption(true), as Electron 45 documents for the synchronous API; that
 *   the asynchronous API follows the same rule is assumed here, not yet seen on a real
 *   binary (the `_electron` suite is where it would show). The "encryption" is a reversible
 *   scramble: this is a stand-in, not a keychain.
 * - Not played: session's CSP header and permission handlers, and web-contents navigation
 *   guards (recorded as registered, never triggered); web-security.test.ts covers them.
 */
import type {
  App,
  BaseWindow,
  BrowserWindow as ElectronBrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  LoginItemSettings,
  Menu as ElectronMenu,
  MenuItem,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  MessageBoxReturnValue,
  NativeImage,
  nativeImage as ElectronNativeImage,
  Net,
  Notification as ElectronNotification,
  NotificationConstructorOptions,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SafeStorage,
  Settings,
  Shell,
  Tray as ElectronTray,
} from 'electron';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invokeErrorText } from '../support/sandboxed-preload.ts';
import {
  STAND_IN_ENV,
  type HostMessage,
  type RecordedMenuItem,
  type StandInMessage,
  type StandInState,
} from './protocol.ts';

const send = (message: StandInMessage, then: () => void = () => undefined): void => {
  if (!process.send)
    throw new Error('the Electron stand-in runs only under e2e/electron-stand-in/host.ts');
  process.send(message, then);
};

const state: StandInState = {
  ready: false,
  tray: null,
  notifications: [],
  windows: [],
  errorBoxes: [],
  messageBoxes: [],
  applicationMenu: 'unset',
  badgeCount: 0,
  appUserModelId: null,
  openedExternally: [],
  singleInstance: 'none',
  secondInstances: 0,
};
let reportQueued = false;
/** Sends the whole state once per tick, after whatever changed it. */
function report(): void {
  if (reportQueued) return;
  reportQueued = true;
  queueMicrotask(() => {
    reportQueued = false;
    send({ type: 'state', state });
  });
}

interface PreventableEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}
function preventableEvent(): PreventableEvent {
  let prevented = false;
  return {
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented;
    },
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`the stand-in needs ${name}`);
  return value;
}
const userData = requiredEnv(STAND_IN_ENV.userData);
const packageJson = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
};

// ---------------------------------------------------------------------------------------- app

class StandInApp extends EventEmitter {
  readonly isPackaged = false;
  readonly #paths = new Map<string, string>([
    ['userData', userData],
    ['appData', join(userData, '..')],
    ['logs', join(userData, 'logs')],
    ['temp', join(userData, 'tmp')],
    ['home', process.env.HOME ?? userData],
  ]);
  readonly #ready: Promise<void>;
  #isReady = false;
  #quitting = false;
  #loginItem: Settings = {};
  #singleton: Server | null = null;
  /** Work that must finish before the process may end (telling the first instance). */
  readonly #beforeExit: Promise<unknown>[] = [];

  constructor() {
    super();
    this.#ready = new Promise((resolve) =>
      setImmediate(() => {
        this.#isReady = true;
        state.ready = true;
        report();
        this.emit('ready', preventableEvent(), {});
        resolve();
      }),
    );
  }

  get name(): string {
    return this.getName();
  }
  whenReady(): Promise<void> {
    return this.#ready;
  }
  isReady(): boolean {
    return this.#isReady;
  }
  getName(): string {
    return packageJson.productName ?? packageJson.name;
  }
  getVersion(): string {
    return packageJson.version;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getLocale(): string {
    return process.env[STAND_IN_ENV.locale] ?? 'en-US';
  }
  getPath(name: Parameters<App['getPath']>[0]): string {
    const path = this.#paths.get(name);
    if (path === undefined) throw new Error(`stand-in: app.getPath('${name}') is not recorded`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }
  setAppUserModelId(id: string): void {
    state.appUserModelId = id;
    report();
  }
  setBadgeCount(count?: number): boolean {
    state.badgeCount = count ?? 0;
    report();
    return true;
  }
  getLoginItemSettings(): LoginItemSettings {
    const open = this.#loginItem.openAtLogin ?? false;
    return {
      openAtLogin: open,
      wasOpenedAtLogin: false,
      status: open ? 'enabled' : 'not-registered',
      executableWillLaunchAtLogin: open,
      launchItems: [],
    };
  }
  setLoginItemSettings(settings: Settings): void {
    this.#loginItem = { ...settings };
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    const lockFile = join(userData, 'SingletonLock');
    const socketPath = join(userData, 'SingletonSocket');
    const holder = existsSync(lockFile) ? Number(readFileSync(lockFile, 'utf8')) : NaN;
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      state.singleInstance = 'refused';
      report();
      this.#beforeExit.push(tellFirstInstance(socketPath, additionalData));
      return false;
    }
    try {
      mkdirSync(userData, { recursive: true });
      writeFileSync(lockFile, String(process.pid));
      rmSync(socketPath, { force: true });
    } catch {
      state.singleInstance = 'refused'; // Chromium's LOCK_ERROR: the profile cannot be locked.
      report();
      return false;
    }
    this.#singleton = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => {
        const { argv, cwd, data } = JSON.parse(Buffer.concat(chunks).toString()) as {
          argv: string[];
          cwd: string;
          data: unknown;
        };
        state.secondInstances++;
        report();
        this.emit('second-instance', preventableEvent(), argv, cwd, data);
      });
    });
    this.#singleton.listen(socketPath);
    this.#singleton.unref();
    state.singleInstance = 'held';
    report();
    return true;
  }

  quit(): void {
    if (this.#quitting) return;
    this.#quitting = true;
    const cancel = () => void (this.#quitting = false);
    if (!this.#isReady) return void this.#end(0);
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return cancel();
    for (const window of StandInBrowserWindow.getAllWindows()) {
      if (!window.close()) return cancel();
    }
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return cancel();
    this.emit('quit', preventableEvent(), 0);
    this.#end(0);
  }

  exit(exitCode = 0): void {
    this.#end(exitCode);
  }

  #end(code: number): void {
    this.#singleton?.close();
    if (state.singleInstance === 'held') rmSync(join(userData, 'SingletonLock'), { force: true });
    void Promise.allSettled(this.#beforeExit).then(() => {
      send({ type: 'state', state }, () => process.exit(code));
    });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tellFirstInstance(socketPath: string, data: unknown): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(socketPath, () =>
      socket.end(JSON.stringify({ argv: process.argv, cwd: process.cwd(), data: data ?? null })),
    );
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
}

export const app = new StandInApp();
const appCheck: Pick<
  App,
  | 'whenReady'
  | 'isReady'
  | 'getName'
  | 'getVersion'
  | 'getAppPath'
  | 'getLocale'
  | 'getPath'
  | 'setPath'
  | 'setAppUserModelId'
  | 'setBadgeCount'
  | 'getLoginItemSettings'
  | 'setLoginItemSettings'
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'exit'
  | 'isPackaged'
  | 'name'
> = app;

// ----------------------------------------------------------------------------- windows & IPC

class StandInWebContents extends EventEmitter {
  readonly id: number;
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  #destroyed = false;

  constructor(id: number) {
    super();
    this.id = id;
  }
  send(channel: string, ...args: unknown[]): void {
    if (!this.#destroyed) send({ type: 'window-send', id: this.id, channel, args });
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  destroy(): void {
    this.#destroyed = true;
  }
}

const pendingLoads = new Map<number, { resolve(): void; reject(error: Error): void }>();

class StandInBrowserWindow extends EventEmitter {
  static readonly #all: StandInBrowserWindow[] = [];
  static #nextId = 1;
  readonly id: number;
  readonly webContents: StandInWebContents;
  readonly #record: StandInState['windows'][number];
  readonly #preload: string | null;

  static getAllWindows(): StandInBrowserWindow[] {
    return StandInBrowserWindow.#all.filter((window) => !window.isDestroyed());
  }
  static getFocusedWindow(): StandInBrowserWindow | null {
    return StandInBrowserWindow.getAllWindows().find((window) => window.isFocused()) ?? null;
  }
  static fromId(id: number): StandInBrowserWindow | undefined {
    return StandInBrowserWindow.#all.find((window) => window.id === id);
  }

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.id = StandInBrowserWindow.#nextId++;
    this.webContents = new StandInWebContents(this.id);
    this.#preload = options.webPreferences?.preload ?? null;
    this.#record = { id: this.id, url: null, visible: false, focused: false, destroyed: false };
    state.windows.push(this.#record);
    StandInBrowserWindow.#all.push(this);
    app.emit('web-contents-created', preventableEvent(), this.webContents);
    if (options.show ?? true) this.show();
    report();
  }

  loadFile(filePath: string): Promise<void> {
    return this.loadURL(pathToFileURL(filePath).href);
  }
  loadURL(url: string): Promise<void> {
    this.#record.url = url;
    this.webContents.url = url;
    report();
    send({ type: 'window-load', id: this.id, url, preload: this.#preload });
    return new Promise((resolve, reject) => pendingLoads.set(this.id, { resolve, reject }));
  }
  /** The host's page finished loading (or failed to). */
  loaded(error: string | null): void {
    const pending = pendingLoads.get(this.id);
    pendingLoads.delete(this.id);
    if (error !== null) return pending?.reject(new Error(error));
    this.emit('ready-to-show');
    this.webContents.emit('did-finish-load');
    pending?.resolve();
  }
  show(): void {
    this.#record.visible = true;
    this.focus();
  }
  hide(): void {
    this.#record.visible = false;
    this.#record.focused = false;
    report();
  }
  focus(): void {
    for (const other of state.windows) other.focused = false;
    this.#record.focused = this.#record.visible;
    report();
  }
  isVisible(): boolean {
    return this.#record.visible;
  }
  isFocused(): boolean {
    return this.#record.focused;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.#record.destroyed;
  }
  /** As the user's close button: 'close' may be prevented. True when the window closed. */
  close(): boolean {
    if (this.isDestroyed()) return true;
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
  destroy(): void {
    if (this.isDestroyed()) return;
    Object.assign(this.#record, { destroyed: true, visible: false, focused: false });
    this.webContents.destroy();
    send({ type: 'window-close', id: this.id });
    this.emit('closed');
    report();
  }
}
const windowCheck: (
  window: StandInBrowserWindow,
) => Pick<
  ElectronBrowserWindow,
  | 'id'
  | 'loadFile'
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'focus'
  | 'isVisible'
  | 'isFocused'
  | 'isMinimized'
  | 'restore'
  | 'isDestroyed'
  | 'destroy'
> = (window) => window;

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class StandInIpcMain extends EventEmitter {
  readonly #handlers = new Map<string, InvokeHandler>();
  handle(channel: string, listener: InvokeHandler): void {
    if (this.#handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.#handlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }
  /** ipcRenderer.invoke from a page, with the event Electron would build for it. */
  async invoke(windowId: number, frameUrl: string, channel: string, args: unknown[]) {
    const handler = this.#handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const sender = StandInBrowserWindow.fromId(windowId)?.webContents;
    const event = {
      sender,
      senderFrame: { url: frameUrl, parent: null },
      processId: 1,
      frameId: 1,
    };
    return handler(event, ...args);
  }
}

export const ipcMain = new StandInIpcMain();
export const BrowserWindow = StandInBrowserWindow;
export const webContents = {
  getAllWebContents: () => StandInBrowserWindow.getAllWindows().map((window) => window.webContents),
};

// --------------------------------------------------------------- tray, menus, notifications

class StandInMenu {
  readonly items: Array<MenuItemConstructorOptions | MenuItem>;
  constructor(items: Array<MenuItemConstructorOptions | MenuItem>) {
    this.items = items;
  }
  static buildFromTemplate(template: Array<MenuItemConstructorOptions | MenuItem>): ElectronMenu {
    return new StandInMenu(template) as unknown as ElectronMenu;
  }
  static setApplicationMenu(menu: ElectronMenu | null): void {
    state.applicationMenu =
      menu === null ? null : recordMenu((menu as unknown as StandInMenu).items);
    report();
  }
}
export const Menu = StandInMenu;
const menuCheck: Pick<typeof ElectronMenu, 'buildFromTemplate' | 'setApplicationMenu'> = Menu;

type TemplateItem = MenuItemConstructorOptions | MenuItem;

function recordMenu(items: readonly TemplateItem[]): RecordedMenuItem[] {
  return items.map((item) => {
    const submenu = Array.isArray(item.submenu) ? recordMenu(item.submenu) : undefined;
    const recorded: RecordedMenuItem = {
      id: item.id,
      label: item.label,
      type: item.type,
      role: item.role,
      checked: item.checked,
      enabled: item.enabled,
      submenu,
    };
    return Object.fromEntries(Object.entries(recorded).filter(([, v]) => v !== undefined));
  });
}

function findItem(items: readonly TemplateItem[], id: string): TemplateItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const found = Array.isArray(item.submenu) ? findItem(item.submenu, id) : undefined;
    if (found) return found;
  }
  return undefined;
}

interface StandInImage {
  readonly path: string;
  isEmpty(): boolean;
}

export const nativeImage: Pick<typeof ElectronNativeImage, 'createFromPath'> = {
  createFromPath: (path: string): NativeImage =>
    ({ path, isEmpty: () => !existsSync(path) }) satisfies StandInImage as unknown as NativeImage,
};
const imagePath = (image: NativeImage | string): string =>
  typeof image === 'string' ? image : (image as unknown as StandInImage).path;

const trays: StandInTray[] = [];

class StandInTray extends EventEmitter {
  #menu: StandInMenu | null = null;

  constructor(image: NativeImage | string) {
    super();
    trays.push(this);
    state.tray = { image: imagePath(image), toolTip: '', menu: [], destroyed: false };
    report();
  }
  setImage(image: NativeImage | string): void {
    this.#tray().image = imagePath(image);
    report();
  }
  setToolTip(toolTip: string): void {
    this.#tray().toolTip = toolTip;
    report();
  }
  setContextMenu(menu: ElectronMenu | null): void {
    this.#menu = menu as unknown as StandInMenu | null;
    this.#tray().menu = this.#menu ? recordMenu(this.#menu.items) : [];
    report();
  }
  destroy(): void {
    this.#tray().destroyed = true;
    report();
  }
  isDestroyed(): boolean {
    return this.#tray().destroyed;
  }
  /** A click on the context-menu entry with this id, as Electron runs it. */
  clickItem(id: string): void {
    const item = this.#menu ? findItem(this.#menu.items, id) : undefined;
    if (!item) throw new Error(`stand-in: no tray menu entry '${id}'`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    (item.click as (() => void) | undefined)?.();
  }
  #tray() {
    if (!state.tray) throw new Error('stand-in: no tray');
    return state.tray;
  }
}
export const Tray = StandInTray;
const trayCheck: (
  tray: StandInTray,
) => Pick<
  ElectronTray,
  'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy' | 'isDestroyed'
> = (tray) => tray;

const notificationsShown: StandInNotification[] = [];

class StandInNotification extends EventEmitter {
  readonly title: string;
  readonly body: string;
  readonly #record: StandInState['notifications'][number];

  static isSupported(): boolean {
    return true;
  }
  constructor(options: NotificationConstructorOptions = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    this.#record = {
      index: notificationsShown.length,
      title: this.title,
      body: this.body,
      urgency: options.urgency,
      shown: false,
      closed: false,
    };
    notificationsShown.push(this);
    state.notifications.push(this.#record);
    report();
  }
  show(): void {
    this.#record.shown = true;
    report();
    this.emit('show', preventableEvent());
  }
  close(): void {
    if (this.#record.closed) return;
    this.#record.closed = true;
    report();
    this.emit('close', preventableEvent());
  }
  /** The user clicked it in the OS's notification area. */
  click(): void {
    this.emit('click', preventableEvent());
  }
}
export const Notification = StandInNotification;
const notificationCheck: (
  notification: StandInNotification,
) => Pick<ElectronNotification, 'show' | 'close' | 'title' | 'body'> = (notification) =>
  notification;

// ------------------------------------------------------------------ dialogs, shell, system

const dialogAnswers: Array<string[] | null> = [];

export const dialog = {
  showErrorBox(title: string, content: string): void {
    // Electron on Linux prints it too when no window can show it.
    process.stderr.write(`${title}\n${content}\n`);
    state.errorBoxes.push({ title, content });
    report();
  },
  async showOpenDialog(
    _windowOrOptions: BaseWindow | OpenDialogOptions,
    _options?: OpenDialogOptions,
  ): Promise<OpenDialogReturnValue> {
    const answer = dialogAnswers.shift();
    if (answer === undefined) throw new Error('stand-in: an open dialog nobody answered');
    return answer === null
      ? { canceled: true, filePaths: [] }
      : { canceled: false, filePaths: answer };
  },
  async showMessageBox(
    windowOrOptions: BaseWindow | MessageBoxOptions,
    options?: MessageBoxOptions,
  ): Promise<MessageBoxReturnValue> {
    const { type, message, detail } = options ?? (windowOrOptions as MessageBoxOptions);
    state.messageBoxes.push({ type, message, detail });
    report();
    return { response: 0, checkboxChecked: false };
  },
};
const dialogCheck: Pick<Dialog, 'showErrorBox' | 'showOpenDialog' | 'showMessageBox'> = dialog;

export const shell = {
  async openExternal(url: string): Promise<void> {
    state.openedExternally.push(url);
    report();
  },
  async openPath(): Promise<string> {
    return '';
  },
};
const shellCheck: Pick<Shell, 'openExternal' | 'openPath'> = shell;

const keyring = process.env[STAND_IN_ENV.keyring] ?? 'gnome_libsecret';
let plainTextEncryption = false;
const encryptionAvailable = () =>
  app.isReady() && keyring !== 'none' && (keyring !== 'basic_text' || plainTextEncryption);
const MARKER = 'stand-in:';
const scramble = (bytes: Uint8Array) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
function encrypt(plainText: string): Buffer {
  if (!encryptionAvailable())
    throw new Error(
      'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
    );
  return Buffer.concat([Buffer.from(MARKER), scramble(Buffer.from(plainText, 'utf8'))]);
}
function decrypt(encrypted: Buffer): string {
  if (!encryptionAvailable())
    throw new Error(
      'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
    );
  if (!encrypted.subarray(0, MARKER.length).equals(Buffer.from(MARKER))) {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  }
  return scramble(encrypted.subarray(MARKER.length)).toString('utf8');
}

export const safeStorage: SafeStorage = {
  isEncryptionAvailable: encryptionAvailable,
  isAsyncEncryptionAvailable: async () => encryptionAvailable(),
  encryptString: encrypt,
  encryptStringAsync: async (plainText) => encrypt(plainText),
  decryptString: decrypt,
  decryptStringAsync: async (encrypted) => ({ result: decrypt(encrypted), shouldReEncrypt: false }),
  getSelectedStorageBackend: () =>
    app.isReady() ? (keyring === 'none' ? 'basic_text' : (keyring as 'basic_text')) : 'unknown',
  setUsePlainTextEncryption: (usePlainText) => void (plainTextEncryption = usePlainText),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (_handler: unknown) => undefined,
    setPermissionCheckHandler: (_handler: unknown) => undefined,
    webRequest: { onHeadersReceived: (_listener: unknown) => undefined },
  },
};
export const net: Pick<Net, 'isOnline'> = { isOnline: () => true };
export const powerMonitor = new EventEmitter();

// ------------------------------------------------------------- what the host asks for

process.on('message', (message: HostMessage) => {
  switch (message.type) {
    case 'invoke':
      ipcMain.invoke(message.windowId, message.frameUrl, message.channel, message.args).then(
        (value) => send({ type: 'invoke-result', requestId: message.requestId, ok: true, value }),
        (error: unknown) =>
          send({
            type: 'invoke-result',
            requestId: message.requestId,
            ok: false,
            error: invokeErrorText(message.channel, error),
          }),
      );
      return;
    case 'window-loaded':
      return StandInBrowserWindow.fromId(message.id)?.loaded(message.error);
    case 'window-user-close':
      return void StandInBrowserWindow.fromId(message.id)?.close();
    case 'click-tray-item':
      return trays.at(-1)?.clickItem(message.menuId);
    case 'click-notification':
      return notificationsShown[message.index]?.click();
    case 'app-event':
      return void app.emit(message.name, preventableEvent(), true);
    case 'power-event':
      return void powerMonitor.emit(message.name);
    case 'answer-open-dialog':
      return void dialogAnswers.push(message.filePaths);
    case 'quit':
      return app.quit();
  }
});

// The type checks above are the point; nothing reads them at run time.
void [appCheck, windowCheck, menuCheck, trayCheck, notificationCheck, dialogCheck, shellCheck];

export default {
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
  webContents,
};
