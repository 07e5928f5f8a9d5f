/**
 * The tray wired to the REAL app service (temp data dir, memory password store, no account),
 * with a FAKE Electron Tray and menus that stay plain templates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { IpcChannel } from '../../core/desktop-api.ts';
import { testAppServiceDeps } from '../../test/support/app-service.ts';
import { createAppService, type AppServiceDeps } from '../app-service.ts';
import type { Logger } from '../app/logging.ts';
import { setupTray } from './setup-tray.ts';
import { findMenuItem, TrayMenuId, type TrayMenuItem } from './tray-menu.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quietLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };

async function trayOverService(overrides: Partial<AppServiceDeps> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-tray-'));
  const service = createAppService(testAppServiceDeps(dataDir, overrides));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  cleanups.push(() => service.stop());
  let loginItem = false;
  let menu: TrayMenuItem[] = [];
  const warnings: { message: string; detail: string }[] = [];
  let warned: () => void = () => undefined;
  const warningShown = new Promise<void>((resolve) => (warned = resolve));
  const failures: unknown[] = [];
  const tray = setupTray<string, TrayMenuItem[]>({
    platform: 'linux',
    assetsDir: '/assets',
    createImage: (path) => path,
    createTray: () => ({
      setImage() {},
      setToolTip() {},
      setContextMenu: (template) => void (menu = template ?? []),
      on() {},
      destroy() {},
    }),
    buildMenu: (template) => template,
    service,
    openInbox() {},
    openSettings() {},
    quit() {},
    isStartAtLoginEnabled: () => loginItem,
    showWarning: async (message, detail) => {
      warnings.push({ message, detail });
      warned();
    },
    logger: quietLogger,
    background: (_what, promise) => void promise.catch((error: unknown) => failures.push(error)),
  });
  const checkbox = () => findMenuItem(menu, TrayMenuId.startAtLogin)!;
  return {
    service,
    tray,
    checkbox,
    warnings,
    warningShown,
    failures,
    setLoginItem: (on: boolean) => (loginItem = on),
  };
}

describe('setupTray', () => {
  test('Start at Login from the tray saves the setting; the checkbox shows what the OS says', async () => {
    const applied: boolean[] = [];
    const setup = await trayOverService({
      applyStartAtLogin: (enabled) => {
        applied.push(enabled);
        setup.setLoginItem(enabled);
      },
    });
    expect(setup.checkbox().checked).toBe(false);
    const saved = new Promise((resolve) =>
      setup.service.events.once(IpcChannel.settingsChanged, resolve),
    );
    setup.checkbox().click!();
    await saved;
    expect(applied).toEqual([true]);
    expect(setup.service.settingsView().startAtLogin).toBe(true);
    expect(setup.checkbox().checked).toBe(true);
    expect(setup.warnings).toEqual([]);
  });

  test('a refused login item: the checkbox springs back and a warning box says why', async () => {
    const setup = await trayOverService({
      applyStartAtLogin: () => {
        throw new Error('approve Herald in System Settings › Login Items');
      },
    });
    setup.checkbox().click!();
    await setup.warningShown;
    expect(setup.warnings).toEqual([
      {
        message: 'Start at Login',
        detail: 'Could not change the login item: approve Herald in System Settings › Login Items',
      },
    ]);
    expect(setup.checkbox().checked).toBe(false);
    expect(setup.service.settingsView().startAtLogin).toBe(false);
    expect(setup.failures).toEqual([]);
  });

  test('in Chinese, the warning words the OS refusal and keeps its own text below', async () => {
    const setup = await trayOverService({
      applyStartAtLogin: () => {
        throw new Error(
          "EACCES: permission denied, open '/home/a/.config/autostart/herald.desktop'",
        );
      },
    });
    await setup.service.handlers[IpcChannel.saveSettings]({ language: 'zh-CN' });
    setup.checkbox().click!();
    await setup.warningShown;
    expect(setup.warnings).toEqual([
      {
        message: '登录时启动',
        detail:
          '无法更改登录项：权限不足\n\n' +
          "EACCES: permission denied, open '/home/a/.config/autostart/herald.desktop'",
      },
    ]);
  });

  test('a settings change made in the Settings window shows in the tray menu', async () => {
    const setup = await trayOverService();
    await setup.service.handlers[IpcChannel.saveSettings]({ startAtLogin: true });
    expect(setup.checkbox().checked).toBe(true);
    await setup.service.handlers[IpcChannel.saveSettings]({ language: 'zh-CN' });
    expect(setup.checkbox().label).not.toBe('Start at Login');
  });
});
