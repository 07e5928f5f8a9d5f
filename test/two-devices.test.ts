/**
 * Two devices of one user, against real servers: the desktop app's service (main/, real code
 * in Node, driven through its IPC handlers) and a headless client. What the user does with a
 * push on one (read, done, acknowledged, an action, deleted) shows on the other: live, through
 * the carbons of the event the first one sends, and after the other was offline, from the
 * archive when it starts again (docs/wire-format.md, "What the user did").
 *
 * app → listen: the real `herald listen --json`, its JSON lines and then its inbox file.
 * headless → app: `herald listen` has no way for its user to choose anything, so the chooser
 * is the engine and inbox that `herald listen` runs (cli/listen.ts), in this process.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import type { Element } from '@xmpp/xml';
import { IpcChannel, type InboxChange } from '../core/desktop-api.ts';
import { Inbox } from '../core/inbox.ts';
import type { InboxItem } from '../core/inbox-storage.ts';
import { serializePush } from '../core/push-codec.ts';
import type { PushDraft } from '../core/push.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import type { UserEventType } from '../core/user-events.ts';
import type { Peer } from '../dev/xmpp-peer.ts';
import { nextServiceEvent, startAppDevice, type AppDevice } from './support/app-service.ts';
import { openEngineDevice } from './support/engine-device.ts';
import { SERVER_KINDS, useServer, type Account } from './support/fixture.ts';

const EVENT_NS = 'urn:herald:push:0';

interface Choice {
  suffix: string;
  draft: Omit<PushDraft, 'id' | 'title' | 'body'>;
  type: UserEventType;
  action?: string;
}

/** One push per kind of choice; `suffix` names it, a per-phase prefix makes its id. */
const CHOICES: readonly Choice[] = [
  { suffix: 'read', draft: { kind: 'news' }, type: 'read' },
  { suffix: 'done', draft: { kind: 'todo' }, type: 'done' },
  { suffix: 'ack', draft: { kind: 'notice', ackRequired: true }, type: 'acknowledged' },
  {
    suffix: 'approve',
    draft: {
      kind: 'todo',
      actions: [
        { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
        { id: 'reject', label: 'Reject', style: 'destructive', confirm: null },
      ],
    },
    type: 'action',
    action: 'approve',
  },
  { suffix: 'delete', draft: { kind: 'news' }, type: 'deleted' },
];

/** What the user sees of each phase's pushes, on any device, once the choices were applied. */
function chosenState(prefix: string) {
  return [
    { id: `${prefix}-read`, read: true, done: false, acknowledged: false, action: null },
    { id: `${prefix}-done`, read: false, done: true, acknowledged: false, action: null },
    { id: `${prefix}-ack`, read: true, done: false, acknowledged: true, action: null },
    { id: `${prefix}-approve`, read: true, done: true, acknowledged: false, action: 'Approve' },
  ];
}

function view(item: InboxItem) {
  const { id, read, done } = item;
  return {
    id,
    read,
    done,
    acknowledged: item.acknowledgedAt !== null,
    action: item.chosenAction?.label ?? null,
  };
}

/** The same view of an inbox's items of one phase, in CHOICES' order (deleted: absent). */
function visible(items: Iterable<InboxItem>, prefix: string) {
  const order = (item: InboxItem) => CHOICES.findIndex((c) => item.id === `${prefix}-${c.suffix}`);
  return [...items]
    .filter((item) => order(item) >= 0)
    .sort((a, b) => order(a) - order(b))
    .map(view);
}

/** The user's choice through the app's IPC handler for it, as its inbox window calls it. */
async function chooseInApp(app: AppDevice, pushId: string, choice: Choice): Promise<unknown> {
  const h = app.service.handlers;
  switch (choice.type) {
    case 'read':
      return h[IpcChannel.setRead](pushId, true);
    case 'done':
      return h[IpcChannel.setDone](pushId, true);
    case 'acknowledged':
      return h[IpcChannel.acknowledge](pushId);
    case 'action':
      return h[IpcChannel.chooseAction](pushId, choice.action ?? '');
    case 'deleted':
      return h[IpcChannel.deleteItem](pushId);
    default:
      throw new Error(`no handler for ${choice.type}`);
  }
}

/** Whether an app delta shows the item of `choice` (pushed in phase `prefix`) as chosen. */
function showsChoice(change: InboxChange, prefix: string, choice: Choice): boolean {
  const pushId = `${prefix}-${choice.suffix}`;
  if (choice.type === 'deleted') return change.type === 'remove' && change.ids.includes(pushId);
  const item = change.type === 'upsert' ? change.items.find((each) => each.id === pushId) : null;
  const wanted = chosenState(prefix).find((each) => each.id === pushId);
  return item !== null && item !== undefined && isDeepStrictEqual(view(item), wanted);
}

describe.each(SERVER_KINDS)('two devices of one user agree, against %s', (kind) => {
  const harness = useServer(kind);
  const running: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of running.splice(0).reverse()) await stop();
  });

  async function app(user: Account, system: Account, dataDir: string, earlier?: AppDevice) {
    const device = await startAppDevice(harness.server, user, [system.jid], {
      dataDir,
      secrets: earlier?.secrets,
    });
    running.push(device.stop);
    return device;
  }

  /** The engine and inbox `herald listen` composes (cli/listen.ts), online and caught up. */
  async function headless(user: Account, system: Account, dataDir: string) {
    const device = openEngineDevice(harness.server, user, {
      resource: 'herald-listen',
      systemJids: [system.jid],
      dataDir,
    });
    running.push(device.stop);
    const synced = once(device.engine, 'synced');
    device.engine.start();
    await synced;
    return device;
  }

  /** Sends one push per choice, as the system account; resolves with their ids. */
  async function sendPushes(sender: Peer, user: Account, prefix: string) {
    for (const { suffix, draft } of CHOICES) {
      const id = `${prefix}-${suffix}`;
      await sender.sendAcked(
        serializePush({ ...draft, id, title: `Push ${id}`, body: 'b' }, user.jid),
      );
    }
    return CHOICES.map(({ suffix }) => `${prefix}-${suffix}`);
  }

  /** Resolves once the system account has every one of these events (so they are archived). */
  function senderGets(sender: Peer, pushIds: string[]) {
    return Promise.all(
      pushIds.map((pushId) =>
        sender.waitForStanza((s: Element) => s.getChild('event', EVENT_NS)?.attrs.push === pushId),
      ),
    );
  }

  /** The ids the app's inbox window would not list yet. */
  async function appLacks(device: AppDevice, ids: string[]) {
    const items = (await device.service.handlers[IpcChannel.getInbox]()).items;
    return ids.filter((id) => !items.some((item) => item.id === id));
  }

  test('chosen in the app: herald listen follows live, and after it was offline', async () => {
    const system = await harness.account('two-notify');
    const user = await harness.account('two-user');
    const sender = await harness.peer(system, 'gateway');
    const desk = await app(user, system, await harness.dataDir());
    const laptopDir = await harness.dataDir();
    let laptop = await harness.listen(user, [system.jid], { dataDir: laptopDir });
    await laptop.waitForSynced();

    // Live: the listener prints each choice as it comes, a carbon of what the app sent.
    const live = await sendPushes(sender, user, 'live');
    for (const id of live) await laptop.waitForPush(id);
    await expect.poll(() => appLacks(desk, live)).toEqual([]);
    for (const [n, choice] of CHOICES.entries()) {
      const pushId = live[n]!;
      expect(await chooseInApp(desk, pushId, choice)).toBe(true);
      const line = await laptop.waitFor(
        (e) => e.type === 'user-event' && e.pushId === pushId,
        `${choice.type} of ${pushId} on the laptop`,
      );
      expect(line).toMatchObject({ event: choice.type, source: 'carbon' });
      if (choice.action) expect(line.action).toBe(choice.action);
    }

    // Offline: pushes both have, then the laptop is away while the app chooses.
    const away = await sendPushes(sender, user, 'away');
    for (const id of away) await laptop.waitForPush(id);
    await expect.poll(() => appLacks(desk, away)).toEqual([]);
    await laptop.stop();
    const taken = senderGets(sender, away);
    for (const [n, choice] of CHOICES.entries()) {
      expect(await chooseInApp(desk, away[n]!, choice)).toBe(true);
    }
    await taken;
    laptop = await harness.listen(user, [system.jid], { dataDir: laptopDir });
    await laptop.waitForSynced();
    const fromArchive = laptop.events.filter((e) => e.type === 'user-event');
    expect(fromArchive.map((e) => [e.pushId, e.event, e.source])).toEqual(
      CHOICES.map((choice, n) => [away[n], choice.type, 'archive']),
    );
    await laptop.stop();

    // Both show the same: the app through its handler, the laptop in its inbox file.
    const appItems = (await desk.service.handlers[IpcChannel.getInbox]()).items;
    const { storage } = openSqliteInboxStorage(join(laptopDir, 'inbox.sqlite'));
    const laptopInbox = new Inbox({ storage });
    try {
      for (const prefix of ['live', 'away']) {
        expect(visible(appItems, prefix)).toEqual(chosenState(prefix));
        expect(visible(laptopInbox.items(), prefix)).toEqual(chosenState(prefix));
      }
    } finally {
      laptopInbox.close();
    }
  });

  test('chosen on the headless client: the app follows live, and after it was offline', async () => {
    const system = await harness.account('two-notify');
    const user = await harness.account('two-user');
    const sender = await harness.peer(system, 'gateway');
    const deskDir = await harness.dataDir();
    let desk = await app(user, system, deskDir);
    const laptop = await headless(user, system, await harness.dataDir());

    // Live: each choice reaches the app as the delta its inbox window applies.
    const live = await sendPushes(sender, user, 'live');
    await expect.poll(() => appLacks(desk, live)).toEqual([]);
    await expect.poll(() => live.filter((id) => !laptop.inbox.get(id))).toEqual([]);
    for (const [n, choice] of CHOICES.entries()) {
      const pushId = live[n]!;
      const shown = nextServiceEvent(desk.service, IpcChannel.inboxChanged, (change) =>
        showsChoice(change, 'live', choice),
      );
      expect(laptop.engine.choose(pushId, choice.type, { action: choice.action })).not.toBeNull();
      await shown;
    }

    // Offline: the app is closed while the laptop chooses; it catches up when started again.
    const away = await sendPushes(sender, user, 'away');
    await expect.poll(() => appLacks(desk, away)).toEqual([]);
    await expect.poll(() => away.filter((id) => !laptop.inbox.get(id))).toEqual([]);
    await desk.stop();
    const taken = senderGets(sender, away);
    for (const [n, choice] of CHOICES.entries()) {
      expect(laptop.engine.choose(away[n]!, choice.type, { action: choice.action })).not.toBeNull();
    }
    await taken;
    desk = await app(user, system, deskDir, desk);

    const appItems = (await desk.service.handlers[IpcChannel.getInbox]()).items;
    for (const prefix of ['live', 'away']) {
      expect(visible(appItems, prefix)).toEqual(chosenState(prefix));
      expect(visible(laptop.inbox.items(), prefix)).toEqual(chosenState(prefix));
    }
  });
});
