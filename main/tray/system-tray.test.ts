import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allIcons, decodeImages, templateTrayIcon } from '../../assets/icons.ts';
import { TrayMenuId, findMenuItem, type TrayActions, type TrayMenuItem } from './tray-menu.ts';
import { TRAY_ICON_STATES, trayIconFile } from './tray-state.ts';
import { SystemTray, type TrayInstance } from './system-tray.ts';
import { FakeClock } from '../../test/support/fake-clock.ts';

const ASSETS = fileURLToPath(new URL('../../assets/', import.meta.url));
const NOW = new Date(2026, 10, 27, 14, 5).getTime();

/** A fake tray standing in for Electron's Tray (the binary cannot run here). */
class FakeTray implements TrayInstance<string, TrayMenuItem[]> {
  readonly calls: string[] = [];
  image: string;
  toolTip = '';
  menu: TrayMenuItem[] | null = null;
  clickListeners: (() => void)[] = [];
  destroyed = false;
  constructor(image: string) {
    this.image = image;
  }
  setImage(image: string): void {
    this.calls.push(`image:${image}`);
    this.image = image;
  }
  setToolTip(toolTip: string): void {
    this.calls.push('tooltip');
    this.toolTip = toolTip;
  }
  setContextMenu(menu: TrayMenuItem[] | null): void {
    this.calls.push('menu');
    this.menu = menu;
  }
  on(_event: 'click', listener: () => void): this {
    this.clickListeners.push(listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function setup(platform: NodeJS.Platform = 'linux') {
  const trays: FakeTray[] = [];
  const images: string[] = [];
  const badges: number[] = [];
  const clock = new FakeClock(NOW);
  const actionCalls: string[] = [];
  const actions: TrayActions = {
    openInbox: () => actionCalls.push('openInbox'),
    setDnd: (choice) => actionCalls.push(`setDnd:${choice}`),
    reconnect: () => actionCalls.push('reconnect'),
    openSettings: () => actionCalls.push('openSettings'),
    setStartAtLogin: (on) => actionCalls.push(`startAtLogin:${on}`),
    quit: () => actionCalls.push('quit'),
  };
  const tray = new SystemTray<string, TrayMenuItem[]>({
    platform,
    assetsDir: '/assets',
    language: 'en',
    createImage: (path) => {
      images.push(path);
      return path;
    },
    createTray: (image) => {
      const fake = new FakeTray(image);
      trays.push(fake);
      return fake;
    },
    buildMenu: (template) => template,
    setBadgeCount: (count) => badges.push(count),
    actions,
    clock,
  });
  const fake = () => trays[0]!;
  return {
    tray,
    fake,
    images,
    badges,
    clock,
    actionCalls,
  };
}

describe('SystemTray', () => {
  it('starts with the offline icon, a tooltip, a menu and a cleared badge', () => {
    const { tray, fake, badges } = setup();
    tray.start();
    expect(fake().image).toBe(join('/assets', 'tray-offline.png'));
    expect(fake().toolTip).toBe('Herald — Not set up\nNo unread messages');
    expect(findMenuItem(fake().menu!, TrayMenuId.quit)).toBeDefined();
    expect(badges).toEqual([0]);
  });

  it('follows connection and unread changes', () => {
    const { tray, fake, badges } = setup();
    tray.start();
    tray.setConnection({ state: 'connecting' });
    expect(fake().image).toBe(join('/assets', 'tray-connecting.png'));
    tray.setConnection({ state: 'online', jid: 'a@example.com' });
    expect(fake().image).toBe(join('/assets', 'tray-online.png'));
    tray.setUnreadCount(4);
    expect(fake().image).toBe(join('/assets', 'tray-unread.png'));
    expect(fake().toolTip).toBe('Herald — Online as a@example.com\n4 unread messages');
    expect(badges).toEqual([0, 4]);
  });

  it('does not re-render when a setter gets the value it already has', () => {
    const { tray, fake, images } = setup();
    tray.start();
    tray.setConnection({ state: 'online', jid: 'a@example.com' });
    tray.setUnreadCount(2);
    tray.setStartAtLogin(true);
    const before = [...fake().calls];
    tray.setConnection({ state: 'online', jid: 'a@example.com' });
    tray.setUnreadCount(2);
    tray.setStartAtLogin(true);
    tray.setDndUntil(null);
    tray.setLanguage('en');
    tray.render();
    expect(fake().calls).toEqual(before);
    // Each icon file is loaded once and reused.
    expect(new Set(images).size).toBe(images.length);
  });

  it('touches only what changed', () => {
    const { tray, fake } = setup();
    tray.start();
    tray.setConnection({ state: 'online', jid: 'a@example.com' });
    fake().calls.length = 0;
    tray.setUnreadCount(1); // icon online → unread, tooltip; the menu does not show the count
    expect(fake().calls).toEqual([`image:${join('/assets', 'tray-unread.png')}`, 'tooltip']);
    fake().calls.length = 0;
    tray.setUnreadCount(2); // same icon
    expect(fake().calls).toEqual(['tooltip']);
    fake().calls.length = 0;
    tray.setStartAtLogin(true); // menu only
    expect(fake().calls).toEqual(['menu']);
    fake().calls.length = 0;
    // A retry with a new nextAttemptAt but the same attempt number changes nothing visible.
    tray.setConnection({ state: 'reconnecting', attempt: 1, nextAttemptAt: 1, problem: null });
    fake().calls.length = 0;
    tray.setConnection({ state: 'reconnecting', attempt: 1, nextAttemptAt: 2, problem: null });
    expect(fake().calls).toEqual([]);
  });

  it('renders nothing before start() and nothing after destroy()', () => {
    const { tray, fake, badges } = setup();
    tray.setUnreadCount(3);
    tray.start();
    expect(fake().toolTip).toContain('3 unread messages');
    tray.destroy();
    expect(fake().destroyed).toBe(true);
    tray.setUnreadCount(5);
    expect(badges).toEqual([3]);
  });

  it('switches language', () => {
    const { tray, fake } = setup();
    tray.start();
    tray.setLanguage('zh-CN');
    expect(fake().toolTip).toBe('Herald — 尚未设置\n没有未读消息');
    expect(findMenuItem(fake().menu!, TrayMenuId.quit)?.label).toBe('退出 Herald');
  });

  it('shows do-not-disturb and turns it off in the menu when it runs out', () => {
    const { tray, fake, clock } = setup();
    tray.start();
    const until = NOW + 60 * 60_000;
    tray.setDndUntil(until);
    expect(findMenuItem(fake().menu!, TrayMenuId.dndOneHour)?.checked).toBe(true);
    expect(clock.pending).toBe(1);
    // The re-render waits a second past the end, so the view is past it for sure.
    clock.advance(60 * 60_000 + 999);
    expect(findMenuItem(fake().menu!, TrayMenuId.dndOneHour)?.checked).toBe(true);
    clock.advance(1);
    expect(findMenuItem(fake().menu!, TrayMenuId.dndOff)?.checked).toBe(true);
    expect(fake().toolTip).not.toContain('Do not disturb');
    expect(clock.pending).toBe(0);
    // Turning it off by hand cancels the pending re-render.
    tray.setDndUntil(clock.now() + 2 * 60 * 60_000);
    expect(clock.pending).toBe(1);
    tray.setDndUntil(null);
    expect(clock.pending).toBe(0);
  });

  it('caps the re-render timer for a do-not-disturb far away (setTimeout overflows)', () => {
    const { tray, fake, clock } = setup();
    tray.start();
    tray.setDndUntil(NOW + 30 * 86_400_000);
    const set = clock.timersSet;
    clock.advance(2 ** 31 - 1);
    // The capped timer fired early, re-rendered, and set the next one: DND is still on.
    expect(clock.timersSet).toBe(set + 1);
    expect(clock.pending).toBe(1);
    expect(fake().toolTip).toContain('Do not disturb');
  });

  it('wires the menu and the tray click to the injected actions', () => {
    const { tray, fake, actionCalls } = setup('win32');
    tray.start();
    expect(fake().image).toBe(join('/assets', 'tray-offline.ico'));
    for (const listener of fake().clickListeners) listener();
    findMenuItem(tray.menuTemplate(), TrayMenuId.dndTomorrow)!.click!();
    findMenuItem(tray.menuTemplate(), TrayMenuId.quit)!.click!();
    expect(actionCalls).toEqual(['openInbox', 'setDnd:tomorrow', 'quit']);
  });

  it('rebuilds the menu after a checkbox click that changed nothing (Electron flipped it)', () => {
    const { tray, fake, actionCalls } = setup();
    tray.start();
    fake().calls.length = 0;
    // The action "fails": no setStartAtLogin(true) follows.
    findMenuItem(tray.menuTemplate(), TrayMenuId.startAtLogin)!.click!();
    expect(actionCalls).toEqual(['startAtLogin:true']);
    expect(fake().calls).toEqual(['menu']);
    expect(findMenuItem(fake().menu!, TrayMenuId.startAtLogin)?.checked).toBe(false);
    // When the state does change, the menu follows.
    tray.setStartAtLogin(true);
    expect(findMenuItem(fake().menu!, TrayMenuId.startAtLogin)?.checked).toBe(true);
  });

  it('leaves the click to the menu on macOS', () => {
    const { tray, fake } = setup('darwin');
    tray.start();
    expect(fake().clickListeners).toEqual([]);
    expect(fake().image).toBe(join('/assets', 'tray-offlineTemplate.png'));
  });
});

describe('tray icons in assets/', () => {
  it('exist for every state and platform, with their @2x twins', () => {
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        const file = trayIconFile(state, platform);
        expect(existsSync(join(ASSETS, file)), file).toBe(true);
        if (file.endsWith('.png')) {
          const twin = file.replace(/\.png$/, '@2x.png');
          expect(existsSync(join(ASSETS, twin)), twin).toBe(true);
        }
      }
    }
  });
});

describe('assets/ icons', () => {
  it('are what assets/icons.ts draws (run `node assets/generate-icons.ts` after changing it)', () => {
    for (const [name, bytes] of allIcons()) {
      const committed = readFileSync(join(ASSETS, name));
      const expected = decodeImages(bytes);
      const actual = decodeImages(committed);
      expect(
        actual.map(({ width, height }) => [width, height]),
        name,
      ).toEqual(expected.map(({ width, height }) => [width, height]));
      actual.forEach((image, i) =>
        expect(image.scanlines.equals(expected[i]!.scanlines), `${name} #${i}`).toBe(true),
      );
    }
  });

  it('have the sizes the platforms want', () => {
    const size = (name: string) =>
      decodeImages(readFileSync(join(ASSETS, name))).map(({ width }) => width);
    expect(size('tray-online.png')).toEqual([22]);
    expect(size('tray-online@2x.png')).toEqual([44]);
    expect(size('tray-onlineTemplate.png')).toEqual([16]);
    expect(size('tray-onlineTemplate@2x.png')).toEqual([32]);
    expect(size('tray-online.ico')).toEqual([16, 20, 24, 32, 40, 48]);
    expect(size('icon.png')).toEqual([512]);
    expect(size('icon.ico')).toContain(256);
  });

  it('draws macOS template images in black and alpha only', () => {
    for (const state of TRAY_ICON_STATES) {
      const { data } = templateTrayIcon(state, 32);
      for (let i = 0; i < data.length; i += 4) {
        expect([data[i], data[i + 1], data[i + 2]], `${state} pixel ${i / 4}`).toEqual([0, 0, 0]);
      }
      expect(
        data.some((_, i) => i % 4 === 3 && data[i]! > 0),
        state,
      ).toBe(true);
    }
  });
});
