/**
 * The inbox and settings windows: created on first show, hidden (not closed) when the user
 * closes them so the app lives on in the tray, really closed only while quitting. Main →
 * renderer events go to every open window. BrowserWindow is injected (main/index.ts passes
 * `(options) => new BrowserWindow(options)`), so this runs in tests without Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { EventChannel, IpcEventContract } from '../../core/desktop-api.ts';
import { pageSource, windowOptions, type WindowKind, type WindowPaths } from './window-options.ts';

/** The part of Electron's BrowserWindow used here. */
export interface BrowserWindowLike {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadFile(path: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  webContents: { send(channel: string, ...args: unknown[]): void };
}

export interface WindowManagerOptions {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindowLike;
  platform: NodeJS.Platform;
  paths: WindowPaths;
  /** ELECTRON_RENDERER_URL in development. */
  devServerUrl?: string;
  /** True once the app is quitting: closing then really closes. */
  isQuitting(): boolean;
  onLoadFailed?(kind: WindowKind, error: Error): void;
}

export class WindowManager {
  readonly #options: WindowManagerOptions;
  readonly #windows = new Map<WindowKind, BrowserWindowLike>();

  constructor(options: WindowManagerOptions) {
    this.#options = options;
  }

  /** Shows (creating if needed) and focuses a window. */
  show(kind: WindowKind): BrowserWindowLike {
    const existing = this.#windows.get(kind);
    if (existing && !existing.isDestroyed()) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = this.#create(kind);
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    return window;
  }

  get(kind: WindowKind): BrowserWindowLike | undefined {
    const window = this.#windows.get(kind);
    return window && !window.isDestroyed() ? window : undefined;
  }

  /** Sends an event to every window that exists (hidden ones too: they stay current). */
  send<C extends EventChannel>(channel: C, payload: IpcEventContract[C]): void {
    for (const window of this.#windows.values()) {
      if (!window.isDestroyed()) window.webContents.send(channel, payload);
    }
  }

  #create(kind: WindowKind): BrowserWindowLike {
    const { platform, paths, devServerUrl } = this.#options;
    const window = this.#options.createWindow(windowOptions(kind, platform, paths));
    this.#windows.set(kind, window);
    window.on('close', (event) => {
      if (this.#options.isQuitting()) return;
      // A tray app: closing the window hides it; Quit is in the tray menu.
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#windows.get(kind) === window) this.#windows.delete(kind);
    });
    const source = pageSource(kind, { outDir: paths.outDir, devServerUrl });
    const loading = 'url' in source ? window.loadURL(source.url) : window.loadFile(source.file);
    loading.catch((error: unknown) =>
      this.#options.onLoadFailed?.(kind, error instanceof Error ? error : new Error(String(error))),
    );
    return window;
  }
}
