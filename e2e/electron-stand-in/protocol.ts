/**
 * What the Electron STAND-IN (./electron.ts, loaded as `electron` into the app under test)
 * and its host (./host.ts, in the test process) say to each other over the Node IPC channel
 * of a forked child. The stand-in reports its whole recorded state after every change; the
 * host answers for the Chromium pages that play the BrowserWindows and fires what a user or
 * the OS would (a tray click, a notification click, `activate`, Quit).
 */

/** A Menu template entry as recorded: the click handler stays in the app. */
export interface RecordedMenuItem {
  id?: string;
  label?: string;
  type?: string;
  role?: string;
  checked?: boolean;
  enabled?: boolean;
  submenu?: RecordedMenuItem[];
}

export interface RecordedNotification {
  /** Creation order, from 0: what `clickNotification` takes. */
  index: number;
  title: string;
  body: string;
  urgency?: string;
  shown: boolean;
  closed: boolean;
}

export interface RecordedWindow {
  id: number;
  /** The page it loaded (a file: URL for the built renderer). */
  url: string | null;
  visible: boolean;
  focused: boolean;
  destroyed: boolean;
}

export interface StandInState {
  ready: boolean;
  /** null until a Tray exists; `destroyed` after tray.destroy(). */
  tray: { image: string; toolTip: string; menu: RecordedMenuItem[]; destroyed: boolean } | null;
  notifications: RecordedNotification[];
  windows: RecordedWindow[];
  /** dialog.showErrorBox calls. */
  errorBoxes: Array<{ title: string; content: string }>;
  /** dialog.showMessageBox calls (each answered with its first button). */
  messageBoxes: Array<{ type?: string; message: string; detail?: string }>;
  /** Menu.setApplicationMenu: 'unset' until called, null when removed. */
  applicationMenu: 'unset' | null | RecordedMenuItem[];
  badgeCount: number;
  appUserModelId: string | null;
  openedExternally: string[];
  /** The single-instance lock: 'held' by this process, 'refused' (another has it) or 'none'. */
  singleInstance: 'none' | 'held' | 'refused';
  /** second-instance events this process received. */
  secondInstances: number;
}

/** Stand-in → host. */
export type StandInMessage =
  | { type: 'state'; state: StandInState }
  | { type: 'window-load'; id: number; url: string; preload: string | null }
  | { type: 'window-send'; id: number; channel: string; args: unknown[] }
  | { type: 'window-close'; id: number }
  | { type: 'invoke-result'; requestId: number; ok: true; value: unknown }
  | { type: 'invoke-result'; requestId: number; ok: false; error: string };

/** Host → stand-in. */
export type HostMessage =
  | {
      type: 'invoke';
      requestId: number;
      windowId: number;
      frameUrl: string;
      channel: string;
      args: unknown[];
    }
  | { type: 'window-loaded'; id: number; error: string | null }
  | { type: 'window-user-close'; id: number }
  | { type: 'click-tray-item'; menuId: string }
  | { type: 'click-notification'; index: number }
  | { type: 'app-event'; name: 'activate' }
  | { type: 'power-event'; name: 'resume' | 'suspend' | 'unlock-screen' }
  /** The answer to the next dialog.showOpenDialog: chosen paths, or null for Cancel. */
  | { type: 'answer-open-dialog'; filePaths: string[] | null }
  | { type: 'quit' };

/** Environment the host gives the app: where its profile lives, which keyring it has. */
export const STAND_IN_ENV = {
  userData: 'HERALD_STAND_IN_USER_DATA',
  /** gnome_libsecret (default), basic_text (no keyring) or none (no encryption at all). */
  keyring: 'HERALD_STAND_IN_KEYRING',
  locale: 'HERALD_STAND_IN_LOCALE',
} as const;
