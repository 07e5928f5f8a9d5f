/** The windows' options, pages and close-to-tray behaviour, with a FAKE BrowserWindow. */
import { describe, expect, test } from 'vitest';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { IpcChannel } from '../../core/desktop-api.ts';
import { pageSource, windowOptions, type WindowKind } from './window-options.ts';
import { WindowManager, type BrowserWindowLike } from './windows.ts';

const outDir = join('/opt/Herald/resources/app.asar/out');

describe('windowOptions', () => {
  test.each([
    ['inbox', 'linux'],
    ['settings', 'win32'],
    ['inbox', 'darwin'],
  ] as const)('%s on %s: our preload, hidden until ready, platform chrome', (kind, platform) => {
    // The security settings of every window are asserted in security-review.test.ts.
    const options = windowOptions(kind, platform, { outDir, icon: '/icon.png' });
    expect(options.show).toBe(false);
    expect(options.webPreferences?.preload).toBe(join(outDir, 'preload', 'index.cjs'));
    expect(options.icon).toBe(platform === 'darwin' ? undefined : '/icon.png');
    expect(options.autoHideMenuBar).toBe(platform !== 'darwin');
  });

  test('the settings window is not maximizable; the inbox is', () => {
    expect(windowOptions('settings', 'linux', { outDir }).maximizable).toBe(false);
    expect(windowOptions('inbox', 'linux', { outDir }).maximizable).toBeUndefined();
  });

  test('pages: built files, or the dev server in development', () => {
    expect(pageSource('inbox', { outDir })).toEqual({
      file: join(outDir, 'renderer', 'index.html'),
    });
    expect(pageSource('settings', { outDir })).toEqual({
      file: join(outDir, 'renderer', 'settings.html'),
    });
    expect(pageSource('settings', { outDir, devServerUrl: 'http://localhost:5173' })).toEqual({
      url: 'http://localhost:5173/settings.html',
    });
  });
});

/** FAKE BrowserWindow: records what it was asked to do. */
class FakeWindow extends EventEmitter implements BrowserWindowLike {
  visible = false;
  destroyed = false;
  loaded: string[] = [];
  sent: Array<[string, unknown]> = [];
  focused = 0;
  webContents = {
    send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]),
  };
  loadFile = async (path: string) => void this.loaded.push(path);
  loadURL = async (url: string) => void this.loaded.push(url);
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => void this.focused++;
  isMinimized = () => false;
  restore = () => undefined;
  isDestroyed = () => this.destroyed;
  /** What the user's close button does: 'close' (cancellable), then 'closed' unless cancelled. */
  userClose(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

function manager(quitting = { value: false }) {
  const created: Array<{ kind: string; window: FakeWindow }> = [];
  const windows = new WindowManager({
    createWindow: (options) => {
      const window = new FakeWindow();
      created.push({ kind: String(options.title), window });
      return window;
    },
    platform: 'linux',
    paths: { outDir },
    isQuitting: () => quitting.value,
  });
  return { windows, created, quitting };
}

describe('WindowManager', () => {
  test('a window is created once, shown when ready, and shown again on the next call', () => {
    const { windows, created } = manager();
    const inbox = windows.show('inbox') as FakeWindow;
    expect(inbox.loaded).toEqual([join(outDir, 'renderer', 'index.html')]);
    expect(inbox.visible).toBe(false);
    inbox.emit('ready-to-show');
    expect(inbox.visible).toBe(true);
    inbox.hide();
    expect(windows.show('inbox')).toBe(inbox);
    expect(inbox.visible).toBe(true);
    expect(created).toHaveLength(1);
  });

  test('closing hides to the tray, unless the app is quitting', () => {
    const { windows, quitting } = manager();
    const settings = windows.show('settings') as FakeWindow;
    settings.emit('ready-to-show');
    settings.userClose();
    expect(settings.visible).toBe(false);
    expect(settings.destroyed).toBe(false);
    expect(windows.get('settings')).toBe(settings);

    quitting.value = true;
    settings.userClose();
    expect(settings.destroyed).toBe(true);
    expect(windows.get('settings')).toBeUndefined();
  });

  test('events go to every window that exists, hidden or not', () => {
    const { windows } = manager();
    const kinds: WindowKind[] = ['inbox', 'settings'];
    const [inbox, settings] = kinds.map((kind) => windows.show(kind) as FakeWindow);
    windows.send(IpcChannel.focusItem, 'erp-1');
    expect(inbox!.sent).toEqual([[IpcChannel.focusItem, 'erp-1']]);
    expect(settings!.sent).toEqual([[IpcChannel.focusItem, 'erp-1']]);
  });
});
