/**
 * Notifications wired to the REAL app service (temp data dir, no account), with a FAKE
 * Electron Notification: a click shows the inbox and the item, read.
 */
import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { IpcChannel } from '../../core/desktop-api.ts';
import { testAppServiceDeps } from '../../test/support/app-service.ts';
import { makePush } from '../../test/support/pushes.ts';
import { createAppService } from '../app-service.ts';
import type { Logger } from '../app/logging.ts';
import type { NativeNotification, NativeNotificationOptions } from './notification-manager.ts';
import { setupNotifications } from './setup-notifications.ts';

class FakeNotification extends EventEmitter implements NativeNotification {
  readonly options: NativeNotificationOptions;
  constructor(options: NativeNotificationOptions) {
    super();
    this.options = options;
  }
  show(): void {}
  close(): void {
    this.emit('close', {});
  }
}

const quietLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const push = makePush({
  id: 'erp-4411',
  title: 'Approve expense report #4411',
  body: 'for rack space',
});

async function notificationsOverService(platform: NodeJS.Platform = 'linux') {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-notify-'));
  const service = createAppService(testAppServiceDeps(dataDir));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  cleanups.push(() => service.stop());
  const created: FakeNotification[] = [];
  const shown: string[] = [];
  setupNotifications({
    createNotification: (options) => {
      const notification = new FakeNotification(options);
      created.push(notification);
      return notification;
    },
    isSupported: () => true,
    logger: quietLogger,
    service,
    showInbox: () => void shown.push('inbox'),
    background: (_what, promise) => void promise,
    platform,
  });
  return { service, created, shown };
}

describe('setupNotifications', () => {
  test("the service's toast shows; clicking it opens the inbox on the item, now read", async () => {
    const { service, created, shown } = await notificationsOverService();
    service.storePush(push);
    service.events.emit('notify', { action: 'toast', push });
    expect(created.map((n) => n.options.title)).toEqual([push.title]);

    const focused = once(service.events, IpcChannel.focusItem);
    created[0]!.emit('click', {});
    expect(await focused).toEqual([push.id]);
    expect(shown).toEqual(['inbox']);
    expect(service.unreadCount()).toBe(0);
  });

  test('a withdrawn push (completed, retracted, expired or handled elsewhere) takes its toast back', async () => {
    const { service, created } = await notificationsOverService();
    service.storePush(push);
    service.events.emit('notify', { action: 'toast', push });
    let closes = 0;
    created[0]!.on('close', () => closes++);
    service.events.emit('withdraw', { pushId: 'another' });
    expect(closes).toBe(0);
    service.events.emit('withdraw', { pushId: push.id });
    expect(closes).toBe(1);
  });

  test('"hide content" in the settings hides the title and body', async () => {
    const { service, created } = await notificationsOverService();
    await service.handlers[IpcChannel.saveSettings]({ notifications: { hideContent: true } });
    service.events.emit('notify', { action: 'toast', push });
    expect(created[0]!.options.title).not.toContain('4411');
    expect(created[0]!.options.body).not.toContain('rack');
  });

  test('on macOS a button pressed on the toast is the choice: the item is done with it', async () => {
    const { service, created, shown } = await notificationsOverService('darwin');
    const withButton = makePush({
      id: 'exp-1',
      title: 'Approve expense',
      actions: [{ id: 'approve', label: 'Approve', style: 'primary', confirm: null }],
    });
    service.storePush(withButton);
    service.events.emit('notify', { action: 'toast', push: withButton });
    const changed = once(service.events, IpcChannel.inboxChanged);
    created[0]!.emit('action', {}, 0);
    await changed;
    const item = (await service.handlers[IpcChannel.getInbox]()).items[0]!;
    expect(item).toMatchObject({ done: true, chosenAction: { id: 'approve', label: 'Approve' } });
    expect(shown).toEqual([]);
  });
});
