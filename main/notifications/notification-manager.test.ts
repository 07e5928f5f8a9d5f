import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../core/desktop-api.ts';
import type { EngineNotification } from '../../core/engine.ts';
import { FIRST_SEND, type Push, type PushAction, type PushPriority } from '../../core/push.ts';
import type { Logger } from '../app/logging.ts';
import {
  NotificationManager,
  SUMMARY_KEY,
  toastActions,
  notificationOptions,
  type NativeNotification,
  type NativeNotificationOptions,
} from './notification-manager.ts';

/** Stands in for Electron's Notification (no OS notification daemon or Electron here). */
class FakeNotification extends EventEmitter implements NativeNotification {
  readonly options: NativeNotificationOptions;
  shown = 0;
  closed = 0;
  throwOnShow = false;
  constructor(options: NativeNotificationOptions) {
    super();
    this.options = options;
  }
  show(): void {
    if (this.throwOnShow) throw new Error('D-Bus went away');
    this.shown++;
  }
  close(): void {
    this.closed++;
    this.emit('close', {});
  }
}

function push(overrides: Partial<Push> = {}): Push {
  return {
    id: 'erp-4411',
    kind: 'todo',
    priority: 'normal',
    title: 'Approve expense report #4411',
    body: '¥86,400.00 for rack space',
    url: null,
    urlLabel: null,
    due: null,
    category: null,
    from: 'notify@example.com',
    sentAt: 0,
    receivedAt: 0,
    delayed: false,
    ...FIRST_SEND,
    ...overrides,
  };
}

const toast = (overrides: Partial<Push> = {}): EngineNotification => ({
  action: 'toast',
  push: push(overrides),
});
const summary = (count: number, highestPriority: PushPriority = 'normal'): EngineNotification => ({
  action: 'summary',
  count,
  pushIds: Array.from({ length: count }, (_, i) => `p${i}`),
  highestPriority,
});

function setup(
  overrides: {
    supported?: boolean;
    hideContent?: boolean;
    language?: Language;
    platform?: NodeJS.Platform;
  } = {},
) {
  const created: FakeNotification[] = [];
  const opened: string[] = [];
  const chosen: string[] = [];
  const failures: unknown[] = [];
  const logs: string[] = [];
  const logger: Logger = {
    error: (...p) => logs.push(`error ${p.join(' ')}`),
    warn: (...p) => logs.push(`warn ${p.join(' ')}`),
    info: (...p) => logs.push(`info ${p.join(' ')}`),
    debug: () => {},
  };
  let factory = (options: NativeNotificationOptions) => {
    const fake = new FakeNotification(options);
    created.push(fake);
    return fake;
  };
  const manager = new NotificationManager({
    createNotification: (options) => factory(options),
    isSupported: () => overrides.supported ?? true,
    onOpenItem: (id) => opened.push(`item:${id}`),
    onOpenInbox: () => opened.push('inbox'),
    onChooseAction: (id, actionId) => chosen.push(`${id}:${actionId}`),
    platform: overrides.platform ?? 'linux',
    language: () => overrides.language ?? 'en',
    hideContent: () => overrides.hideContent ?? false,
    logger,
    onFailed: (failure) => failures.push(failure),
  });
  return {
    manager,
    created,
    opened,
    chosen,
    failures,
    logs,
    setFactory: (f: typeof factory) => (factory = f),
  };
}

describe('notificationOptions', () => {
  const en = { language: 'en' as const, hideContent: false };

  it('shows the push title and body', () => {
    expect(notificationOptions(toast(), en)).toEqual({
      title: 'Approve expense report #4411',
      body: '¥86,400.00 for rack space',
      urgency: 'normal',
      silent: false,
      timeoutType: 'default',
    });
  });

  it('maps priority to urgency, silence and persistence', () => {
    const of = (priority: PushPriority) => notificationOptions(toast({ priority }), en);
    expect(of('urgent')).toMatchObject({
      urgency: 'critical',
      silent: false,
      timeoutType: 'never',
    });
    expect(of('high')).toMatchObject({ urgency: 'normal', silent: false, timeoutType: 'default' });
    expect(of('normal')).toMatchObject({ urgency: 'normal', silent: false });
    expect(of('low')).toMatchObject({ urgency: 'low', silent: true });
  });

  it('hides title and body when the privacy setting is on', () => {
    const hidden = notificationOptions(toast(), { language: 'en', hideContent: true });
    expect(hidden).toMatchObject({ title: 'Herald', body: 'New message' });
    expect(JSON.stringify(hidden)).not.toContain('4411');
    const zh = notificationOptions(toast(), { language: 'zh-CN', hideContent: true });
    expect(zh.body).toBe('新消息');
  });

  it('summarises bursts by count, in both languages, never with content', () => {
    expect(notificationOptions(summary(12, 'high'), en)).toMatchObject({
      title: 'Herald',
      body: '12 new messages',
      urgency: 'normal',
    });
    expect(notificationOptions(summary(3, 'urgent'), en)).toMatchObject({
      body: '3 new messages, some urgent',
      urgency: 'critical',
    });
    expect(
      notificationOptions(summary(5, 'low'), { language: 'zh-CN', hideContent: true }),
    ).toMatchObject({ body: '5 条新消息', silent: true });
  });

  it('clips very long text and passes the icon through', () => {
    const long = notificationOptions(toast({ title: 't'.repeat(500), body: 'b'.repeat(5_000) }), {
      ...en,
      icon: '/app/assets/icon.png',
    });
    expect(long.title.length).toBeLessThanOrEqual(120);
    expect(long.body.length).toBeLessThanOrEqual(300);
    expect(long.icon).toBe('/app/assets/icon.png');
  });
});

describe('NotificationManager', () => {
  it('shows a toast, keeps it alive, and opens its item on click', () => {
    const { manager, created, opened } = setup();
    expect(manager.notify(toast())).toEqual({ status: 'shown', key: 'erp-4411' });
    expect(created).toHaveLength(1);
    expect(created[0]!.shown).toBe(1);
    expect(manager.liveKeys()).toEqual(['erp-4411']);
    created[0]!.emit('click', {});
    expect(opened).toEqual(['item:erp-4411']);
    expect(created[0]!.closed).toBe(1);
    expect(manager.liveKeys()).toEqual([]);
  });

  it('opens the inbox when a summary is clicked', () => {
    const { manager, created, opened } = setup();
    expect(manager.notify(summary(7))).toEqual({ status: 'shown', key: SUMMARY_KEY });
    expect(manager.activate(SUMMARY_KEY)).toBe(true);
    expect(opened).toEqual(['inbox']);
    expect(created[0]!.closed).toBe(1);
    expect(manager.activate(SUMMARY_KEY)).toBe(false);
  });

  it('replaces an older summary with a newer one', () => {
    const { manager, created } = setup();
    manager.notify(summary(3));
    manager.notify(summary(9));
    expect(created[0]!.closed).toBe(1);
    expect(manager.liveKeys()).toEqual([SUMMARY_KEY]);
    // The old one's late close event must not evict the new one.
    created[0]!.emit('close', {});
    expect(manager.liveKeys()).toEqual([SUMMARY_KEY]);
  });

  it('forgets a notification the user dismissed', () => {
    const { manager, created, opened } = setup();
    manager.notify(toast());
    created[0]!.emit('close', {});
    expect(manager.liveKeys()).toEqual([]);
    created[0]!.emit('click', {});
    expect(opened).toEqual([]);
  });

  it('returns "unsupported" without creating anything when the OS has no notifications', () => {
    const { manager, created, logs } = setup({ supported: false });
    expect(manager.notify(toast())).toEqual({ status: 'not-sent', reason: 'unsupported' });
    expect(created).toEqual([]);
    expect(logs.some((line) => line.startsWith('warn') && line.includes('not supported'))).toBe(
      true,
    );
  });

  it('logs and reports a "failed" event instead of throwing', () => {
    const { manager, created, failures, logs } = setup();
    manager.notify(toast());
    created[0]!.emit('failed', {}, 'No notification daemon');
    expect(failures).toEqual([{ key: 'erp-4411', error: 'No notification daemon' }]);
    expect(manager.liveKeys()).toEqual([]);
    expect(logs.some((line) => line.includes('No notification daemon'))).toBe(true);
  });

  it('returns an error result when creating or showing throws', () => {
    const { manager, setFactory, logs } = setup();
    setFactory(() => {
      throw new Error('no display');
    });
    expect(manager.notify(toast())).toMatchObject({ status: 'not-sent', reason: 'error' });
    setFactory((options) => Object.assign(new FakeNotification(options), { throwOnShow: true }));
    const result = manager.notify(toast());
    expect(result).toEqual({
      status: 'not-sent',
      reason: 'error',
      error: 'Error: D-Bus went away',
    });
    expect(manager.liveKeys()).toEqual([]);
    expect(logs.filter((line) => line.startsWith('error'))).toHaveLength(2);
  });

  it('closes everything on closeAll', () => {
    const { manager, created } = setup();
    manager.notify(toast({ id: 'a' }));
    manager.notify(toast({ id: 'b' }));
    manager.notify(summary(4));
    manager.closeAll();
    expect(created.map((fake) => fake.closed)).toEqual([1, 1, 1]);
    expect(manager.liveKeys()).toEqual([]);
  });

  it('reads language and privacy at notify time', () => {
    const { manager, created } = setup({ hideContent: true, language: 'zh-CN' });
    manager.notify(toast());
    expect(created[0]!.options).toMatchObject({ title: 'Herald', body: '新消息' });
  });
});

describe('a push with buttons', () => {
  const approve: PushAction = { id: 'approve', label: 'Approve', style: 'primary', confirm: null };
  const later: PushAction = { id: 'later', label: 'Later', style: null, confirm: null };
  const reject: PushAction = { id: 'reject', label: 'Reject', style: 'destructive', confirm: null };
  const ask: PushAction = { id: 'ask', label: 'Escalate', style: null, confirm: 'Escalate?' };
  const withButtons = () => toast({ actions: [approve, reject, later, ask] });

  it('on macOS carries the buttons that need no confirmation; the pressed one is the choice', () => {
    const { manager, created, chosen, opened } = setup({ platform: 'darwin' });
    manager.notify(withButtons());
    expect(created[0]!.options.actions).toEqual([
      { type: 'button', text: 'Approve' },
      { type: 'button', text: 'Later' },
    ]);
    created[0]!.emit('action', {}, 1);
    expect(chosen).toEqual(['erp-4411:later']);
    expect(opened).toEqual([]);
    expect(manager.liveKeys()).toEqual([]);
    // A late second press, or an index the toast never had, chooses nothing more.
    created[0]!.emit('action', {}, 0);
    expect(chosen).toEqual(['erp-4411:later']);
  });

  it('on macOS an index outside the buttons does nothing, and the click still opens the item', () => {
    const { manager, created, chosen, opened } = setup({ platform: 'darwin' });
    manager.notify(withButtons());
    created[0]!.emit('action', {}, 2);
    expect(chosen).toEqual([]);
    created[0]!.emit('click', {});
    expect(opened).toEqual(['item:erp-4411']);
  });

  it.each(['win32', 'linux'] as const)(
    'on %s has no buttons: the click opens the item',
    (platform) => {
      const { manager, created, chosen, opened } = setup({ platform });
      manager.notify(withButtons());
      expect(created[0]!.options.actions).toBeUndefined();
      created[0]!.emit('click', {});
      expect(opened).toEqual(['item:erp-4411']);
      expect(chosen).toEqual([]);
    },
  );

  it('has no buttons while content is hidden, or once the sender completed or withdrew it', () => {
    const settings = { platform: 'darwin' as const, hideContent: false };
    expect(toastActions(push({ actions: [approve] }), settings)).toEqual([approve]);
    expect(toastActions(push({ actions: [approve] }), { ...settings, hideContent: true })).toEqual(
      [],
    );
    expect(toastActions(push({ actions: [approve], state: 'done' }), settings)).toEqual([]);
    const { manager, created } = setup({ platform: 'darwin', hideContent: true });
    manager.notify(withButtons());
    expect(created[0]!.options.actions).toBeUndefined();
  });

  it('a reminder replaces the earlier toast of the same push, and only the new one chooses', () => {
    const { manager, created, chosen } = setup({ platform: 'darwin' });
    manager.notify(withButtons());
    manager.notify({ action: 'toast', push: push({ actions: [approve] }), reminder: true });
    expect(created).toHaveLength(2);
    expect(created[0]!.closed).toBe(1);
    expect(created[1]!.shown).toBe(1);
    expect(manager.liveKeys()).toEqual(['erp-4411']);
    created[0]!.emit('action', {}, 0);
    expect(chosen).toEqual([]);
    created[1]!.emit('action', {}, 0);
    expect(chosen).toEqual(['erp-4411:approve']);
  });
});
