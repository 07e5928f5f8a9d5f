/**
 * The test hook the desktop app exposes in its main process when (and only when) it runs
 * with HERALD_E2E=1, as `globalThis.__heraldTest`. Playwright reaches it through
 * `electronApp.evaluate(...)`. Every method runs the app's real handlers (the tray menu's
 * click functions, NotificationManager.activate), never copies of them.
 *
 * main/index.ts installs it, e2e/electron.test.ts calls it. No `electron` import here.
 */
import type { EngineNotification } from '../../core/engine.ts';
import type { Push } from '../../core/push.ts';
import type { NotificationManager, NotifyResult } from '../notifications/notification-manager.ts';
import {
  findMenuItem,
  trayMenuModel,
  type TrayMenuItem,
  type TrayMenuModel,
} from '../tray/tray-menu.ts';

export const TEST_HOOK_GLOBAL = '__heraldTest';

/** Environment of an e2e launch: HERALD_E2E turns the hook on, the folder isolates the profile. */
export const E2E_ENV = 'HERALD_E2E';
export const E2E_USER_DATA_ENV = 'HERALD_USER_DATA_DIR';

export interface HeraldTestHook {
  /** trayMenuModel(tray.menuTemplate()): the menu as last rendered, without handlers. */
  trayMenu(): TrayMenuModel[];
  /** Runs the click handler of the rendered tray entry with this id (TrayMenuId); false if none. */
  clickTrayMenuItem(id: string): boolean;
  /** Stores a push in the inbox as the engine does on receipt (inbox + inbox:changed), no toast. */
  receivePush(push: Push): Promise<void>;
  /** notifications.notify(notification): the real NotificationManager and OS notification. */
  notify(notification: EngineNotification): NotifyResult;
  /** notifications.activate(key): what the OS click on that notification runs. */
  clickNotification(key: string): boolean;
  /** notifications.liveKeys() */
  liveNotifications(): string[];
}

/** Installs the hook on globalThis when HERALD_E2E=1; otherwise does nothing. */
export function installTestHook(
  env: NodeJS.ProcessEnv,
  parts: {
    menuTemplate(): TrayMenuItem[];
    notifications: Pick<NotificationManager, 'notify' | 'activate' | 'liveKeys'>;
    storePush(push: Push): boolean;
  },
): boolean {
  if (env[E2E_ENV] !== '1') return false;
  const hook: HeraldTestHook = {
    trayMenu: () => trayMenuModel(parts.menuTemplate()),
    clickTrayMenuItem: (id) => {
      const click = findMenuItem(parts.menuTemplate(), id)?.click;
      click?.();
      return click !== undefined;
    },
    receivePush: async (push) => {
      parts.storePush(push);
    },
    notify: (notification) => parts.notifications.notify(notification),
    clickNotification: (key) => parts.notifications.activate(key),
    liveNotifications: () => parts.notifications.liveKeys(),
  };
  Object.assign(globalThis, { [TEST_HOOK_GLOBAL]: hook });
  return true;
}
