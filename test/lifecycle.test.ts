/**
 * A push's life after it is sent, against real servers (docs/wire-format.md): an update, a
 * completion and a retraction each live, from the offline store and from the archive;
 * revisions out of order; two devices of one user agreeing through carbons and the
 * archive; another user's forged events changing nothing.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, test } from 'vitest';
import type { Element } from '@xmpp/xml';
import type { EngineEvents, HeraldEngine } from '../core/engine.ts';
import { serializePush } from '../core/push-codec.ts';
import { serializeUserEvent } from '../core/user-events.ts';
import type { PushDraft } from '../core/push.ts';
import { openEngineDevice } from './support/engine-device.ts';
import { SERVER_KINDS, useServer, type Account } from './support/fixture.ts';

const DRAFT: PushDraft = {
  id: 'expense-4411',
  kind: 'todo',
  priority: 'normal',
  title: 'Approve expense report #4411',
  body: '1,240.00 EUR',
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
    { id: 'reject', label: 'Reject', style: 'destructive', confirm: null },
  ],
};

const EVENT_NS = 'urn:herald:push:0';

describe.each(SERVER_KINDS)('a push after it is sent, against %s', (kind) => {
  const harness = useServer(kind);
  const running: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of running.splice(0).reverse()) await stop();
  });

  /** One of the user's devices: an engine with an inbox of its own. */
  async function device(
    user: Account,
    system: string,
    resource: string,
    dataDir?: string,
    reminderIntervalMs?: number,
  ) {
    const dir = dataDir ?? (await harness.dataDir());
    const { engine, inbox, stop } = openEngineDevice(harness.server, user, {
      resource,
      systemJids: [system],
      dataDir: dir,
      notificationSettings: () => (reminderIntervalMs ? { reminderIntervalMs } : {}),
    });
    const withdrawn: string[] = [];
    engine.on('withdraw', ({ pushId }) => withdrawn.push(pushId));
    const toasts: string[] = [];
    engine.on('notify', (n) => n.action === 'toast' && toasts.push(n.push.title));
    running.push(stop);
    return { engine, inbox, withdrawn, toasts, stop, dir };
  }

  async function online(engine: HeraldEngine) {
    const synced = once(engine, 'synced');
    engine.start();
    await synced;
  }

  function next<K extends keyof EngineEvents>(engine: HeraldEngine, event: K) {
    return once(engine, event) as Promise<EngineEvents[K]>;
  }

  /** The user's desk has the push, notified once; the sender then changes it. */
  async function deskWithThePush() {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    const desk = await device(user, system.jid, 'desk');
    await online(desk.engine);
    const first = next(desk.engine, 'push');
    await sender.sendAcked(serializePush(DRAFT, user.jid));
    await first;
    expect(desk.toasts).toEqual([DRAFT.title]);
    return { system, user, sender, desk };
  }

  test('an update changes the item in place, and a raised priority notifies once more', async () => {
    const { user, sender, desk } = await deskWithThePush();
    const revised = next(desk.engine, 'revised');
    await sender.sendAcked(serializePush({ ...DRAFT, rev: 1, body: 'now 1,300.00 EUR' }, user.jid));
    const [{ item, previous }] = await revised;
    expect(previous.body).toBe('1,240.00 EUR');
    expect(item).toMatchObject({ body: 'now 1,300.00 EUR', rev: 1 });
    expect(item.updatedAt).not.toBeNull();
    const urgent = next(desk.engine, 'revised');
    await sender.sendAcked(serializePush({ ...DRAFT, rev: 2, priority: 'urgent' }, user.jid));
    await urgent;
    expect(desk.inbox.list()).toHaveLength(1);
    // The first send and the raised priority; the body-only update stayed quiet.
    expect(desk.toasts).toEqual([DRAFT.title, DRAFT.title]);
  });

  /** The sender's three changes to a push, and what each leaves in the inbox. */
  const CHANGES = [
    {
      change: 'an update',
      revision: { ...DRAFT, rev: 1, body: 'now 1,300.00 EUR' },
      expected: { body: 'now 1,300.00 EUR', rev: 1, state: 'open', done: false },
      withdraws: false,
    },
    {
      change: 'a completion',
      revision: { ...DRAFT, rev: 1, state: 'done' as const },
      expected: { rev: 1, state: 'done', done: true },
      withdraws: true,
    },
    {
      change: 'a retraction',
      revision: { ...DRAFT, rev: 1, state: 'retracted' as const },
      expected: { rev: 1, state: 'retracted', body: '' },
      withdraws: true,
    },
  ];

  describe.each(CHANGES)('$change', ({ revision, expected, withdraws }) => {
    test('live: the item changes in place, its notification is withdrawn when it ends, no new toast', async () => {
      const { user, sender, desk } = await deskWithThePush();
      const revised = next(desk.engine, 'revised');
      await sender.sendAcked(serializePush(revision, user.jid));
      await revised;
      expect(desk.inbox.get(DRAFT.id)).toMatchObject(expected);
      expect(desk.inbox.list()).toHaveLength(1);
      expect(desk.withdrawn.includes(DRAFT.id)).toBe(withdraws);
      expect(desk.toasts).toEqual([DRAFT.title]);
    });

    test('while offline (the server keeps it): the next login shows it, with no new toast', async () => {
      const { system, user, sender, desk } = await deskWithThePush();
      await desk.stop();
      await sender.sendAcked(serializePush(revision, user.jid));
      const back = await device(user, system.jid, 'desk', desk.dir);
      await online(back.engine);
      expect(back.inbox.get(DRAFT.id)).toMatchObject(expected);
      expect(back.inbox.list()).toHaveLength(1);
      expect(back.toasts).toEqual([]);
    });

    test('taken by another device meanwhile: the archive catch-up applies it, with no new toast', async () => {
      const { system, user, sender, desk } = await deskWithThePush();
      await desk.stop();
      // The phone is online, so the server delivers there and keeps nothing offline.
      const phone = await harness.peer(user, 'phone');
      await sender.sendAcked(serializePush(revision, user.jid));
      await phone.waitForStanza((s) => s.getChild('push', 'urn:herald:push:0')?.attrs.rev === '1');
      const back = await device(user, system.jid, 'desk', desk.dir);
      await online(back.engine);
      expect(back.inbox.get(DRAFT.id)).toMatchObject(expected);
      expect(back.inbox.list()).toHaveLength(1);
      expect(back.toasts).toEqual([]);
    });
  });

  test('completed and retracted while offline: the next login shows the latest state, never notified', async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    // Out of order on the server too: the completion first, then the original push.
    await sender.sendAcked(serializePush({ ...DRAFT, rev: 1, state: 'done' }, user.jid));
    await sender.sendAcked(serializePush(DRAFT, user.jid));
    await sender.sendAcked(
      serializePush({ ...DRAFT, id: 'wrong-4412', rev: 1, state: 'retracted' }, user.jid),
    );
    await sender.sendAcked(serializePush({ ...DRAFT, id: 'wrong-4412' }, user.jid));
    const desk = await device(user, system.jid, 'desk');
    await online(desk.engine);
    expect(desk.inbox.get('expense-4411')).toMatchObject({ state: 'done', done: true, rev: 1 });
    expect(desk.inbox.get('wrong-4412')).toMatchObject({ state: 'retracted', body: '' });
    expect(desk.toasts).toEqual([]);
  });

  test('a device that was never online before gets the latest revision from the archive', async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    const desk = await device(user, system.jid, 'desk');
    await online(desk.engine);
    const first = next(desk.engine, 'push');
    await sender.sendAcked(serializePush(DRAFT, user.jid));
    await first;
    const revised = next(desk.engine, 'revised');
    await sender.sendAcked(serializePush({ ...DRAFT, rev: 1, title: 'Amended' }, user.jid));
    await revised;
    // The desk took both, so nothing waits offline: a new laptop has only the archive.
    const laptop = await device(user, system.jid, 'laptop');
    await online(laptop.engine);
    expect(laptop.inbox.get('expense-4411')).toMatchObject({ title: 'Amended', rev: 1 });
    expect(laptop.inbox.list()).toHaveLength(1);
  });

  test('two devices agree: a choice on one reaches the other live and after it was offline', async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    const desk = await device(user, system.jid, 'desk');
    const laptop = await device(user, system.jid, 'laptop');
    await online(desk.engine);
    await online(laptop.engine);
    const bothHaveIt = Promise.all([next(desk.engine, 'push'), next(laptop.engine, 'push')]);
    await sender.sendAcked(serializePush(DRAFT, user.jid));
    await bothHaveIt;

    // Live: marked done on the desk, the laptop follows (a carbon of what the desk sent).
    const onLaptop = next(laptop.engine, 'user-event');
    const atSender = sender.waitForStanza((s) => s.getChild('event', EVENT_NS) !== undefined);
    desk.engine.choose('expense-4411', 'done');
    const [{ event, source }] = await onLaptop;
    expect({ type: event.type, source }).toEqual({ type: 'done', source: 'carbon' });
    expect(laptop.inbox.get('expense-4411')?.done).toBe(true);
    expect((await atSender).attrs.from).toMatch(new RegExp(`^${user.jid}/desk`));
    expect(laptop.withdrawn).toContain('expense-4411');

    // Offline: the laptop is away while the desk approves; its archive catch-up applies it.
    await laptop.stop();
    const approved = sender.waitForStanza(
      (s) => s.getChild('event', EVENT_NS)?.attrs.type === 'action',
    );
    desk.engine.choose('expense-4411', 'action', { action: 'approve' });
    await approved;
    const back = await device(user, system.jid, 'laptop');
    await online(back.engine);
    // A fresh inbox on the laptop: the push and the events all come from the archive.
    expect(back.inbox.get('expense-4411')).toMatchObject({
      done: true,
      read: true,
      chosenAction: { id: 'approve', label: 'Approve' },
    });
    expect(desk.inbox.get('expense-4411')).toEqual({
      ...back.inbox.get('expense-4411'),
      receivedAt: desk.inbox.get('expense-4411')?.receivedAt,
      sentAt: desk.inbox.get('expense-4411')?.sentAt,
      delayed: desk.inbox.get('expense-4411')?.delayed,
    });
  });

  test('a choice made offline waits in the outbox and is sent on the next login', async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    let desk = await device(user, system.jid, 'desk');
    await online(desk.engine);
    const first = next(desk.engine, 'push');
    await sender.sendAcked(serializePush(DRAFT, user.jid));
    await first;
    await desk.stop();
    // Reopened, not connected: the choice is made while offline.
    desk = await device(user, system.jid, 'desk', desk.dir);
    expect(desk.engine.choose('expense-4411', 'action', { action: 'reject' })).not.toBeNull();
    expect(desk.inbox.pendingEvents()).toHaveLength(1);
    const rejected = sender.waitForStanza(
      (s) => s.getChild('event', EVENT_NS)?.attrs.action === 'reject',
    );
    await online(desk.engine);
    await rejected;
    await expect.poll(() => desk.inbox.pendingEvents()).toEqual([]);
  });

  test('a push that asks for an acknowledgement alerts again until acknowledged; the sender hears of it', async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    const desk = await device(user, system.jid, 'desk', undefined, 200);
    await online(desk.engine);
    const reminders: string[] = [];
    const twoReminders = new Promise<void>((resolve) =>
      desk.engine.on('notify', (n) => {
        if (n.action === 'toast' && n.reminder) reminders.push(n.push.id);
        if (reminders.length === 2) resolve();
      }),
    );
    const attention = next(desk.engine, 'attention');
    await sender.sendAcked(serializePush({ ...DRAFT, id: 'db-down', ackRequired: true }, user.jid));
    expect(await attention).toEqual([{ pushIds: ['db-down'] }]);
    await twoReminders;
    expect(reminders).toEqual(['db-down', 'db-down']);

    const calm = next(desk.engine, 'attention');
    const acknowledged = sender.waitForStanza(
      (s) => s.getChild('acknowledged', 'urn:xmpp:chat-markers:0')?.attrs.id === 'db-down',
    );
    desk.engine.choose('db-down', 'acknowledged');
    expect(await calm).toEqual([{ pushIds: [] }]);
    expect((await acknowledged).getChild('event', EVENT_NS)?.attrs.type).toBe('acknowledged');
  });

  test('an expiring push leaves the inbox when it expires; one already expired is never shown', async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const sender = await harness.peer(system, 'gateway');
    const desk = await device(user, system.jid, 'desk');
    await online(desk.engine);
    const soon = new Date(Date.now() + 4_000).toISOString(); // room for a loaded CI machine
    const past = new Date(Date.now() - 1_000).toISOString();
    const shown = next(desk.engine, 'push');
    await sender.sendAcked(serializePush({ ...DRAFT, id: 'late', expires: past }, user.jid));
    await sender.sendAcked(serializePush({ ...DRAFT, id: 'soon', expires: soon }, user.jid));
    const [{ push }] = await shown;
    expect(push.id).toBe('soon');
    expect(desk.inbox.get('late')).toBeUndefined();
    const [{ pushIds }] = await next(desk.engine, 'expired');
    expect(pushIds).toEqual(['soon']);
    expect(desk.inbox.list()).toEqual([]);
    expect(desk.withdrawn).toContain('soon');
    expect(desk.toasts).toEqual([DRAFT.title]);
  });

  test("another user's forged event changes nothing, however it is wrapped", async () => {
    const system = await harness.account('lc-notify');
    const user = await harness.account('lc-user');
    const mallory = await harness.account('lc-mallory');
    const sender = await harness.peer(system, 'gateway');
    const attacker = await harness.peer(mallory, 'x');
    const desk = await device(user, system.jid, 'desk');
    await online(desk.engine);
    const first = next(desk.engine, 'push');
    await sender.sendAcked(serializePush(DRAFT, user.jid));
    await first;
    const event = {
      id: 'forged-1',
      pushId: 'expense-4411',
      type: 'action' as const,
      action: 'approve',
      at: Date.now(),
    };
    const ignored: string[] = [];
    desk.engine.on('ignored', ({ reason }) => ignored.push(reason));
    const direct = serializeUserEvent(event, user.jid);
    const wrapped = serializeUserEvent(event, user.jid);
    wrapped.children = [];
    wrapped
      .c('sent', { xmlns: 'urn:xmpp:carbons:2' })
      .c('forwarded', { xmlns: 'urn:xmpp:forward:0' })
      .cnode(serializeUserEvent(event, system.jid).attr('from', `${user.jid}/desk`) as Element);
    await attacker.sendAcked(direct);
    await attacker.sendAcked(wrapped);
    // A push from the system after them as a fence: everything before it was handled.
    const fence = next(desk.engine, 'push');
    await sender.sendAcked(serializePush({ ...DRAFT, id: 'fence' }, user.jid));
    await fence;
    expect(ignored).toEqual(['not-from-system-jid', 'forged-carbon']);
    expect(desk.inbox.get('expense-4411')).toMatchObject({ done: false, chosenAction: null });
  });
});
