/**
 * The test side of the Electron STAND-IN: forks the BUILT main process (out/main/index.js)
 * under Node with `electron` resolved to ./electron.ts, and plays everything around it.
 * - Each BrowserWindow the app creates becomes a real Chromium page (Debian's chromium via
 *   Playwright) that loads the built renderer from file://, with the built preload
 *   (out/preload/index.cjs) run first behind the bridge of ../support/sandboxed-preload.ts,
 *   whose invokes reach the app's real ipcMain handlers, with the page's real URL as senderFrame.
 * - The app's recorded state (tray, notifications, windows, error boxes…) arrives after
 *   every change; `waitFor` waits on it, never on time.
 * - The test clicks tray entries and notifications, fires `activate`, answers open dialogs,
 *   and quits, as the user and the OS would.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright';
import {
  STAND_IN_ENV,
  type HostMessage,
  type RecordedWindow,
  type StandInMessage,
  type StandInState,
} from './protocol.ts';
import {
  DISPATCH_FUNCTION,
  INVOKE_BINDING,
  sandboxedPreloadScript,
} from '../support/sandboxed-preload.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN_ENTRY = join(ROOT, 'out', 'main', 'index.js');
const REGISTER = fileURLToPath(new URL('./register.ts', import.meta.url));
const WAIT_MS = 20_000;

/** The Chromium flags the pages need: the built renderer's module scripts load from file://. */
export const STAND_IN_CHROMIUM_ARGS = ['--allow-file-access-from-files'];

export interface LaunchOptions {
  browser: Browser;
  /** The app's profile folder (app.getPath('userData')). */
  userData: string;
  /** Linux secret backend: gnome_libsecret (default), basic_text (no keyring), none. */
  keyring?: 'gnome_libsecret' | 'basic_text' | 'none';
  /** Extra environment (HOME, XDG_CONFIG_HOME… so nothing touches the real profile). */
  env?: Record<string, string>;
  args?: string[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class StandInApp {
  readonly #child: ChildProcess;
  readonly #context: Promise<BrowserContext>;
  readonly #pages = new Map<number, Page>();
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  readonly #changes = new EventEmitter();
  #nextRequest = 1;
  #state: StandInState | null = null;
  readonly output: string[] = [];
  readonly exited: Promise<ExitStatus>;
  readonly userData: string;

  /** Where this launch's lines start in a log file kept from earlier launches. */
  readonly #logStart: number;

  private constructor(options: LaunchOptions) {
    this.userData = options.userData;
    this.#logStart = this.#readLog().length;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    this.#child = fork(MAIN_ENTRY, options.args ?? [], {
      cwd: ROOT,
      execArgv: ['--import', REGISTER, '--no-warnings=ExperimentalWarning'],
      env: {
        ...env,
        ...options.env,
        [STAND_IN_ENV.userData]: options.userData,
        [STAND_IN_ENV.keyring]: options.keyring ?? 'gnome_libsecret',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Structured clone, as Electron's IPC: undefined stays undefined, Dates stay Dates.
      serialization: 'advanced',
    });
    for (const stream of [this.#child.stdout, this.#child.stderr])
      stream?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    // 'close', not 'exit': only then has every message the app sent been delivered.
    this.exited = new Promise((resolve) =>
      this.#child.on('close', (code, signal) => {
        for (const { reject } of this.#pending.values()) reject(new Error('the app exited'));
        this.#changes.emit('change');
        resolve({ code, signal });
      }),
    );
    this.#context = this.#newContext(options.browser);
    this.#child.on('message', (message: StandInMessage) => void this.#onMessage(message));
  }

  /** Forks the built app. Run `npm run build` first. */
  static launch(options: LaunchOptions): StandInApp {
    return new StandInApp(options);
  }

  get state(): StandInState {
    if (!this.#state) throw new Error('the app has reported nothing yet');
    return this.#state;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with the first state (reported after each change) for which `check` holds. */
  waitFor<T>(what: string, check: (state: StandInState) => T | undefined | false): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = (): boolean => {
        const result = this.#state ? check(this.#state) : undefined;
        if (result === undefined || result === false) return false;
        resolve(result);
        return true;
      };
      if (test()) return;
      const onChange = () => {
        if (test()) return done();
        if (!this.running) {
          done();
          reject(this.#failure(`the app exited before: ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(this.#failure(`timed out waiting for: ${what}`));
      }, WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.#changes.off('change', onChange);
      };
      this.#changes.on('change', onChange);
    });
  }

  /** The page of the visible window showing `file` (index.html = inbox, settings.html). */
  async visiblePage(file: 'index.html' | 'settings.html'): Promise<Page> {
    const window = await this.waitFor(`a visible ${file} window`, (state) =>
      state.windows.find((w) => w.visible && !w.destroyed && pageFile(w) === file),
    );
    const page = this.#pages.get(window.id);
    if (!page) throw new Error(`window ${window.id} has no page`);
    await page.waitForLoadState('load');
    return page;
  }

  /** What this launch wrote to the app's log (electron-log's main.log in app.getPath('logs')). */
  logText(): string {
    return this.#readLog().slice(this.#logStart);
  }

  #readLog(): string {
    const file = join(this.userData, 'logs', 'main.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  visibleWindows(): string[] {
    return this.state.windows.filter((w) => w.visible).map((w) => pageFile(w) ?? '?');
  }

  clickTrayItem(menuId: string): void {
    this.#send({ type: 'click-tray-item', menuId });
  }
  clickNotification(index: number): void {
    this.#send({ type: 'click-notification', index });
  }
  /** macOS: the app was opened again from Finder, Spotlight or the Dock. */
  activate(): void {
    this.#send({ type: 'app-event', name: 'activate' });
  }
  answerOpenDialog(filePaths: string[] | null): void {
    this.#send({ type: 'answer-open-dialog', filePaths });
  }
  /** The window's close button. */
  closeWindow(id: number): void {
    this.#send({ type: 'window-user-close', id });
  }
  /** app.quit(), as the tray's Quit or Cmd-Q does; resolves with the exit status. */
  quit(): Promise<ExitStatus> {
    this.#send({ type: 'quit' });
    return this.exited;
  }

  /** Kills the app if it still runs and closes its pages; for teardown. */
  async dispose(): Promise<void> {
    if (this.running) this.#child.kill('SIGKILL');
    await this.exited;
    await (await this.#context).close();
  }

  async #newContext(browser: Browser): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    await context.exposeBinding(INVOKE_BINDING, (source, channel: string, args: unknown[]) => {
      const windowId = [...this.#pages].find(([, page]) => page === source.page)?.[0];
      if (windowId === undefined) throw new Error('an invoke from a page that is no window');
      return this.#invoke(windowId, source.frame.url(), channel, args);
    });
    return context;
  }

  #invoke(windowId: number, frameUrl: string, channel: string, args: unknown[]) {
    const requestId = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, { resolve, reject });
      this.#send({ type: 'invoke', requestId, windowId, frameUrl, channel, args });
    });
  }

  async #onMessage(message: StandInMessage): Promise<void> {
    switch (message.type) {
      case 'state':
        this.#state = message.state;
        this.#changes.emit('change');
        return;
      case 'invoke-result': {
        const pending = this.#pending.get(message.requestId);
        this.#pending.delete(message.requestId);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(new Error(message.error));
        return;
      }
      case 'window-load':
        return this.#load(message.id, message.url, message.preload);
      case 'window-send':
        await this.#pages
          .get(message.id)
          ?.evaluate(
            ([fn, channel, args]) =>
              (globalThis as unknown as Record<string, (c: string, a: unknown[]) => void>)[fn]?.(
                channel,
                args,
              ),
            [DISPATCH_FUNCTION, message.channel, message.args] as const,
          )
          .catch(() => undefined);
        return;
      case 'window-close': {
        const page = this.#pages.get(message.id);
        this.#pages.delete(message.id);
        await page?.close().catch(() => undefined);
        return;
      }
    }
  }

  async #load(id: number, url: string, preload: string | null): Promise<void> {
    let error: string | null = null;
    try {
      let page = this.#pages.get(id);
      if (!page) {
        page = await (await this.#context).newPage();
        this.#pages.set(id, page);
        page.on('pageerror', (e) => this.output.push(`[window ${id}] page error: ${e.message}\n`));
        page.on('console', (m) => {
          if (m.type() === 'error') this.output.push(`[window ${id}] console: ${m.text()}\n`);
        });
        if (preload) await page.addInitScript({ content: await sandboxedPreloadScript(preload) });
      }
      await page.goto(url);
    } catch (caught) {
      error = (caught as Error).message;
    }
    this.#send({ type: 'window-loaded', id, error });
  }

  #send(message: HostMessage): void {
    if (!this.running || !this.#child.connected) return;
    // With a callback a failed send (the app exiting meanwhile: EPIPE) is reported here, not
    // as an 'error' event that nobody listens to, which ended the test run.
    this.#child.send(message, (error) => {
      if (error) this.output.push(`[host] not delivered: ${message.type}: ${error.message}\n`);
    });
  }

  #failure(what: string): Error {
    const state = this.#state ? JSON.stringify(this.#state, null, 1) : 'none';
    const output = this.output.join('').split('\n').slice(-40).join('\n');
    return new Error(`${what}\n--- last state: ${state}\n--- app output:\n${output}`);
  }
}

function pageFile(window: RecordedWindow): string | undefined {
  return window.url?.split(/[?#]/)[0]?.split('/').pop();
}
