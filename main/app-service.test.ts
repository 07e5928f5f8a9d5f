/**
 * The app service against a real Prosody, a real inbox.sqlite and a real conf settings file:
 * what the inbox and settings windows see through the IPC handlers and events.
 * The only fake is the secret store (safeStorage needs Electron).
 */
import type { Element } from '@xmpp/xml';
import { fieldProblemText } from '../shared/i18n/field-errors.ts';
import { afterEach, describe, expect, test } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IpcChannel, type AccountSettings } from '../core/desktop-api.ts';
import { serializePush } from '../core/push-codec.ts';
import type { PushDraft } from '../core/push.ts';
import type { Clock } from '../core/clock.ts';
import { Inbox } from '../core/inbox.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import { findFreePort } from '../dev/net-util.ts';
import { useProsody, type Account } from '../test/support/fixture.ts';
import type { Peer } from '../dev/xmpp-peer.ts';
import { createAppService, type AppService } from './app-service.ts';
import { nextServiceEvent, testAppServiceDeps } from '../test/support/app-service.ts';
import { FakeClock } from '../test/support/fake-clock.ts';

const harness = useProsody();
const running: AppService[] = [];

afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
});

function accountFor(user: Account, system: Account, overrides: Partial<AccountSettings> = {}) {
  return {
    jid: user.jid,
    host: '',
    port: harness.server.c2sPort,
    tlsMode: 'starttls' as const,
    systemJids: [system.jid],
    ...overrides,
  };
}

async function createService(options: { dataDir?: string; clock?: Clock } = {}) {
  const dataDir = options.dataDir ?? (await harness.dataDir());
  const opened: string[] = [];
  const loginItem: boolean[] = [];
  const service = createAppService(
    testAppServiceDeps(dataDir, {
      openExternal: (url) => void opened.push(url),
      applyStartAtLogin: (enabled) => void loginItem.push(enabled),
      caFile: harness.server.caFile,
      connectionTestTimeoutMs: 5_000,
      clock: options.clock,
    }),
  );
  running.push(service);
  const seen: Array<{ name: string; payload: unknown }> = [];
  for (const name of [
    IpcChannel.inboxChanged,
    IpcChannel.connectionChanged,
    IpcChannel.settingsChanged,
    IpcChannel.focusItem,
    'unread',
    'notify',
  ] as const) {
    service.events.on(name, (payload: unknown) => seen.push({ name, payload }));
  }
  return { service, dataDir, opened, loginItem, seen };
}

const nextEvent = nextServiceEvent;

/** A service logged in as a fresh user, with a system account ready to push. */
async function onlineService() {
  const user = await harness.account('alice');
  const system = await harness.account('notify');
  const sender = await harness.peer(system);
  const created = await createService();
  created.service.start();
  const online = nextEvent(created.service, 'connection', (view) => view.state === 'online');
  const saved = await created.service.handlers[IpcChannel.saveSettings]({
    account: accountFor(user, system),
    password: user.password,
  });
  expect(saved.ok).toBe(true);
  await online;
  return { ...created, user, system, sender };
}

async function push(service: AppService, sender: Peer, to: string, draft: PushDraft) {
  const arrived = nextEvent(
    service,
    IpcChannel.inboxChanged,
    (change) => change.type === 'upsert' && change.items.some((item) => item.id === draft.id),
  );
  await sender.sendAcked(serializePush(draft, to));
  return arrived;
}

describe('inbox through the handlers', () => {
  test('a push from the system account appears as an upsert, in the snapshot and as a toast', async () => {
    const { service, sender, user, system } = await onlineService();
    const unread = nextEvent(service, 'unread', (count) => count === 1);
    const toast = nextEvent(service, 'notify');
    const change = await push(service, sender, user.jid, {
      id: 'erp-1',
      kind: 'todo',
      priority: 'high',
      title: 'Approve PO-5521',
      body: '¥86,400.00',
      url: 'https://oa.example.cn/approve/5521',
    });

    expect(change).toMatchObject({
      type: 'upsert',
      items: [
        { id: 'erp-1', title: 'Approve PO-5521', read: false, done: false, from: system.jid },
      ],
      counts: { all: { total: 1, unread: 1 }, todo: { total: 1, unread: 1 } },
    });
    expect(await unread).toBe(1);
    expect(await toast).toMatchObject({ action: 'toast', push: { id: 'erp-1' } });
    const snapshot = await service.handlers[IpcChannel.getInbox]();
    expect(snapshot.items.map((item) => item.id)).toEqual(['erp-1']);
    expect(snapshot.counts.all).toEqual({ total: 1, unread: 1 });
    expect(await service.handlers[IpcChannel.getConnection]()).toEqual({
      state: 'online',
      jid: expect.stringMatching(new RegExp(`^${user.jid}/`)),
    });
  });

  test('read, done, delete and mark-all-read change the stored inbox and emit deltas', async () => {
    const { service, sender, user, seen, dataDir } = await onlineService();
    for (const [id, kind] of [
      ['a', 'todo'],
      ['b', 'news'],
      ['c', 'news'],
    ] as const) {
      await push(service, sender, user.jid, { id, kind, title: `T ${id}`, body: 'b' });
    }
    const snapshot = await service.handlers[IpcChannel.getInbox]();
    expect(snapshot.items.map((item) => item.id)).toEqual(['c', 'b', 'a']); // newest first
    seen.length = 0;

    expect(await service.handlers[IpcChannel.setRead]('a', true)).toBe(true);
    expect(await service.handlers[IpcChannel.setDone]('a', true)).toBe(true);
    expect(await service.handlers[IpcChannel.deleteItem]('b')).toBe(true);
    expect(await service.handlers[IpcChannel.markAllRead]('news')).toBe(1);
    expect(await service.handlers[IpcChannel.setRead]('nope', true)).toBe(false);

    const changes = seen.filter((e) => e.name === IpcChannel.inboxChanged).map((e) => e.payload);
    expect(changes).toEqual([
      expect.objectContaining({
        type: 'upsert',
        items: [expect.objectContaining({ id: 'a', read: true, done: false })],
      }),
      expect.objectContaining({
        type: 'upsert',
        items: [expect.objectContaining({ id: 'a', read: true, done: true })],
      }),
      expect.objectContaining({ type: 'remove', ids: ['b'] }),
      {
        type: 'upsert',
        items: [expect.objectContaining({ id: 'c', read: true })],
        counts: expect.objectContaining({ all: { total: 2, unread: 0 } }),
      },
    ]);
    expect(seen.filter((e) => e.name === 'unread').map((e) => e.payload)).toEqual([2, 1, 0]);

    await service.stop();
    // What `herald listen --data-dir` would read: the same file, with every change in it.
    const { storage } = openSqliteInboxStorage(join(dataDir, 'inbox.sqlite'));
    const reopened = new Inbox({ storage });
    expect(reopened.list().map(({ id, read, done }) => ({ id, read, done }))).toEqual([
      { id: 'c', read: true, done: false },
      { id: 'a', read: true, done: true },
    ]);
    reopened.close();
  });

  test('reading a push tells its sender once (XEP-0333), so a gateway can report "read"', async () => {
    const { service, sender, user } = await onlineService();
    await push(service, sender, user.jid, { id: 'po-1', title: 'Approve', body: 'b' });
    const isMarker = (stanza: Element) =>
      stanza.getChild('displayed', 'urn:xmpp:chat-markers:0')?.attrs.id === 'po-1';
    expect(await service.handlers[IpcChannel.setRead]('po-1', true)).toBe(true);
    const marker = await sender.waitForStanza(isMarker);
    expect(marker.attrs.from).toMatch(new RegExp(`^${user.jid}/`));
    // Read again, and a second push as a fence: the first marker was the only one.
    await service.handlers[IpcChannel.setRead]('po-1', true);
    await push(service, sender, user.jid, { id: 'po-2', title: 'Next', body: 'b' });
    await service.focusItem('po-2');
    await sender.waitForStanza(
      (s) => s.getChild('displayed', 'urn:xmpp:chat-markers:0')?.attrs.id === 'po-2',
    );
    expect(sender.received.filter(isMarker)).toHaveLength(1);
  });

  test("mark all read tells the sender and the user's other devices of each item it read", async () => {
    const { service, sender, user, system } = await onlineService();
    const phoneDir = await harness.dataDir();
    const phone = await harness.listen(user, [system.jid], { dataDir: phoneDir });
    await phone.waitForSynced();
    for (const [id, kind] of [
      ['n-1', 'news'],
      ['n-2', 'news'],
      ['t-1', 'todo'],
    ] as const) {
      await push(service, sender, user.jid, { id, kind, title: `T ${id}`, body: 'b' });
      await phone.waitForPush(id);
    }
    const readEvent = (pushId: string) => (stanza: Element) => {
      const event = stanza.getChild('event', 'urn:herald:push:0');
      return event?.attrs.type === 'read' && event.attrs.push === pushId;
    };
    const atSender = Promise.all(['n-1', 'n-2'].map((id) => sender.waitForStanza(readEvent(id))));

    expect(await service.handlers[IpcChannel.markAllRead]('news')).toBe(2);
    const events = await atSender;
    expect(events.map((stanza) => stanza.attrs.from)).toEqual([
      expect.stringMatching(new RegExp(`^${user.jid}/`)),
      expect.stringMatching(new RegExp(`^${user.jid}/`)),
    ]);
    // The phone shows both read, through the carbons of what the desktop sent.
    for (const pushId of ['n-1', 'n-2']) {
      await phone.waitFor(
        (line) => line.type === 'user-event' && line.event === 'read' && line.pushId === pushId,
        `read ${pushId} on the phone`,
      );
    }
    expect(await service.handlers[IpcChannel.markAllRead]('news')).toBe(0);
    // A todo read after them as a fence: nothing else was read on the phone.
    await service.handlers[IpcChannel.setRead]('t-1', true);
    await phone.waitFor((line) => line.type === 'user-event' && line.pushId === 't-1', 'fence');
    const readOnPhone = phone.events.filter((line) => line.type === 'user-event');
    expect(readOnPhone.map((line) => [line.pushId, line.source])).toEqual([
      [expect.stringMatching(/^n-[12]$/), 'carbon'],
      [expect.stringMatching(/^n-[12]$/), 'carbon'],
      ['t-1', 'carbon'],
    ]);
    await phone.stop();
    const { storage } = openSqliteInboxStorage(join(phoneDir, 'inbox.sqlite'));
    const phoneInbox = new Inbox({ storage });
    expect(phoneInbox.counts().all.unread).toBe(0);
    phoneInbox.close();
  });

  test('acknowledging and choosing an action reach the sender as events and change the item', async () => {
    const { service, sender, user } = await onlineService();
    await push(service, sender, user.jid, {
      id: 'exp-1',
      kind: 'todo',
      title: 'Approve expense',
      body: 'b',
      ackRequired: true,
      actions: [
        { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
        { id: 'reject', label: 'Reject', style: 'destructive', confirm: 'Reject it?' },
      ],
    });
    const eventOf = (type: string) => (stanza: Element) =>
      stanza.getChild('event', 'urn:herald:push:0')?.attrs.type === type;

    expect(await service.handlers[IpcChannel.acknowledge]('exp-1')).toBe(true);
    await sender.waitForStanza(eventOf('acknowledged'));
    expect(await service.handlers[IpcChannel.acknowledge]('exp-1')).toBe(false);
    expect(await service.handlers[IpcChannel.chooseAction]('exp-1', 'nope')).toBe(false);

    expect(await service.handlers[IpcChannel.chooseAction]('exp-1', 'approve')).toBe(true);
    const chosen = await sender.waitForStanza(eventOf('action'));
    expect(chosen.getChild('event', 'urn:herald:push:0')?.attrs).toMatchObject({
      push: 'exp-1',
      action: 'approve',
    });
    const item = (await service.handlers[IpcChannel.getInbox]()).items[0]!;
    expect(item).toMatchObject({ done: true, chosenAction: { id: 'approve', label: 'Approve' } });
    // The choice is final: a second one changes nothing.
    expect(await service.handlers[IpcChannel.chooseAction]('exp-1', 'reject')).toBe(false);
  });

  test("openLink opens only the item's own http(s) link; focusItem marks read and asks to show it", async () => {
    const { service, sender, user, opened, seen } = await onlineService();
    await push(service, sender, user.jid, {
      id: 'with-link',
      title: 'Build failed',
      body: 'b',
      url: 'https://ci.example.com/build/77310',
    });
    await push(service, sender, user.jid, { id: 'no-link', title: 'Notice', body: 'b' });

    expect(await service.handlers[IpcChannel.openLink]('with-link')).toBe(true);
    expect(await service.handlers[IpcChannel.openLink]('no-link')).toBe(false);
    expect(await service.handlers[IpcChannel.openLink]('unknown')).toBe(false);
    expect(opened).toEqual(['https://ci.example.com/build/77310']);

    expect(await service.focusItem('no-link')).toBe(true);
    expect(seen.at(-1)).toEqual({ name: IpcChannel.focusItem, payload: 'no-link' });
    const snapshot = await service.handlers[IpcChannel.getInbox]();
    expect(snapshot.items.find((item) => item.id === 'no-link')?.read).toBe(true);
    // A window created by the click reads the item from its first snapshot, once.
    expect(snapshot.focusId).toBe('no-link');
    expect((await service.handlers[IpcChannel.getInbox]()).focusId).toBeNull();
  });
});

describe('an unreadable inbox file', () => {
  test('is moved aside, logged, and kept for the box that tells the user', async () => {
    const dataDir = await harness.dataDir();
    await writeFile(join(dataDir, 'inbox.sqlite'), 'not a database '.repeat(200));
    const clock = new FakeClock(1_700_000_000_000);
    const service = createAppService(testAppServiceDeps(dataDir, { clock }));
    running.push(service);
    const warning = nextEvent(service, 'warning');
    const aside = join(dataDir, 'inbox.sqlite.corrupt-1700000000000');
    expect(service.inboxReplaced()).toEqual({ aside, reason: 'file is not a database' });
    expect(await warning).toMatch(/^The inbox file could not be read.*\(file is not a database\)$/);
    expect((await readFile(aside, 'utf8')).startsWith('not a database')).toBe(true);
    expect((await service.handlers[IpcChannel.getInbox]()).items).toEqual([]);
  });
});

describe('settings', () => {
  test('without an account the service is unconfigured; saving one starts it; getSettings never returns the password', async () => {
    const user = await harness.account('alice');
    const system = await harness.account('notify');
    const { service, loginItem } = await createService();
    const unconfigured = nextEvent(service, 'connection');
    service.start();
    expect(await unconfigured).toEqual({ state: 'unconfigured' });
    expect(await service.handlers[IpcChannel.getSettings]()).toMatchObject({
      hasPassword: false,
      secretStorage: 'strong',
      language: 'system',
      effectiveLanguage: 'en',
      account: { jid: '', systemJids: [] },
    });

    const online = nextEvent(service, 'connection', (view) => view.state === 'online');
    const saved = await service.handlers[IpcChannel.saveSettings]({
      account: accountFor(user, system),
      password: user.password,
      language: 'zh-CN',
      startAtLogin: true,
    });
    expect(saved).toMatchObject({
      ok: true,
      settings: {
        hasPassword: true,
        language: 'zh-CN',
        effectiveLanguage: 'zh-CN',
        startAtLogin: true,
      },
    });
    expect(JSON.stringify(saved)).not.toContain(user.password);
    expect(JSON.stringify(await service.handlers[IpcChannel.getSettings]())).not.toContain(
      user.password,
    );
    expect(loginItem).toEqual([true]);
    await online;
  });

  test('a changed account restarts the engine; a wrong password shows as auth-failed', async () => {
    const { service, user, system } = await onlineService();
    const failed = nextEvent(service, 'connection', (view) => view.state === 'auth-failed');
    await service.handlers[IpcChannel.saveSettings]({ password: 'wrong-password' });
    expect(await failed).toMatchObject({ problem: { code: 'auth-failed', params: {} } });

    const other = await harness.account('bob');
    const online = nextEvent(service, 'connection', (view) => view.state === 'online');
    const saved = await service.handlers[IpcChannel.saveSettings]({
      account: accountFor(other, system),
      password: other.password,
    });
    expect(saved.ok).toBe(true);
    expect(await online).toMatchObject({ jid: expect.stringContaining(other.jid) });
    expect(user.jid).not.toBe(other.jid);
  });

  test('invalid settings are refused field by field and nothing is saved', async () => {
    const { service, dataDir } = await createService();
    const before = await service.handlers[IpcChannel.getSettings]();
    const result = await service.handlers[IpcChannel.saveSettings]({
      account: {
        jid: 'not a jid',
        host: 'bad host!',
        port: 70_000,
        tlsMode: 'starttls',
        systemJids: [],
      },
      retention: { maxItems: 5, maxAgeDays: 99_999 },
      password: '',
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const byField = Object.fromEntries(errors.map((e) => [e.field, fieldProblemText('en', e)]));
    expect(byField).toEqual({
      'account.jid': 'your JID must look like user@example.com (no resource, no spaces)',
      'account.host': 'The server must be a host name like xmpp.example.com, or empty',
      'account.port': 'The port must be between 1 and 65535',
      'account.systemJids': 'Enter at least one system JID (the account that sends the pushes)',
      'retention.maxItems': 'Keep at most 100 to 100000 items',
      'retention.maxAgeDays': 'Keep items for 1 to 3650 days',
      password: 'Enter the password (or leave it unchanged)',
    });
    const systemJid = await service.handlers[IpcChannel.saveSettings]({
      account: {
        jid: 'a@example.com',
        host: '',
        port: null,
        tlsMode: 'starttls',
        systemJids: ['x/res'],
      },
    });
    expect(systemJid).toMatchObject({ ok: false, errors: [{ field: 'account.systemJids.0' }] });
    expect(await service.handlers[IpcChannel.getSettings]()).toEqual(before);
    await expect(readFile(join(dataDir, 'settings.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  test('setDnd stores the end time from core dndUntil and announces the new settings', async () => {
    const now = Date.UTC(2026, 0, 5, 10, 0);
    const { service } = await createService({ clock: new FakeClock(now) });
    const announced = nextEvent(service, IpcChannel.settingsChanged);
    const view = await service.handlers[IpcChannel.setDnd]('1h');
    expect(view.notifications.dndUntil).toBe(now + 3_600_000);
    expect(await announced).toEqual(view);
    expect((await service.setDnd('off')).notifications.dndUntil).toBeNull();
  });
});

describe('test connection', () => {
  test('ok with the right password, auth with a wrong one, unreachable on a closed port', async () => {
    const user = await harness.account('alice');
    const system = await harness.account('notify');
    const { service } = await createService();
    const testConnection = service.handlers[IpcChannel.testConnection];
    const account = accountFor(user, system);

    expect(await testConnection({ account, password: user.password })).toEqual({
      ok: true,
      jid: expect.stringMatching(new RegExp(`^${user.jid}/herald-test-`)),
    });
    expect(await testConnection({ account, password: 'wrong' })).toEqual({
      ok: false,
      kind: 'auth',
      problem: { code: 'auth-failed', params: {} },
      advice: 'auth',
    });
    const closed = await findFreePort();
    expect(
      await testConnection({
        account: { ...account, host: '127.0.0.1', port: closed },
        password: user.password,
      }),
    ).toMatchObject({ ok: false, kind: 'unreachable', problem: { code: 'connection-refused' } });
    expect(await testConnection({ account: { ...account, jid: 'nope' } })).toMatchObject({
      ok: false,
      kind: 'invalid',
    });
    expect(await testConnection({ account })).toEqual({
      ok: false,
      kind: 'invalid',
      problem: { code: 'password.needed', params: {} },
    });
  });
});

describe('argument checks', () => {
  test('bad arguments are rejected with a clear error and change nothing', async () => {
    const { service, sender, user, seen } = await onlineService();
    await push(service, sender, user.jid, { id: 'keep', title: 'Keep me', body: 'b' });
    const before = await service.handlers[IpcChannel.getInbox]();
    const settingsBefore = await service.handlers[IpcChannel.getSettings]();
    seen.length = 0;
    // The renderer is untrusted: call the handlers the way a compromised page could.
    const h = service.handlers as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;

    await expect(h[IpcChannel.setRead]!('keep', 'yes')).rejects.toThrow(
      'inbox:set-read: argument 2: read must be true or false',
    );
    await expect(h[IpcChannel.setRead]!('x'.repeat(300), true)).rejects.toThrow(
      /argument 1: the item id is longer than 256 characters/,
    );
    await expect(h[IpcChannel.deleteItem]!(42)).rejects.toThrow(
      'inbox:delete: argument 1: the item id must be a string',
    );
    await expect(h[IpcChannel.deleteItem]!('keep', 'extra')).rejects.toThrow(
      'inbox:delete: expected at most 1 argument(s), got 2',
    );
    await expect(h[IpcChannel.chooseAction]!('keep', 'a'.repeat(65))).rejects.toThrow(
      'inbox:choose-action: argument 2: the action id is longer than 64 characters',
    );
    await expect(h[IpcChannel.chooseAction]!('keep')).rejects.toThrow(
      'inbox:choose-action: expected 2 argument(s), got 1',
    );
    await expect(h[IpcChannel.acknowledge]!(['keep'])).rejects.toThrow(
      'inbox:acknowledge: argument 1: the item id must be a string',
    );
    await expect(h[IpcChannel.markAllRead]!('spam')).rejects.toThrow(/kind must be one of/);
    await expect(h[IpcChannel.setDnd]!('forever')).rejects.toThrow(/do-not-disturb must be/);
    await expect(h[IpcChannel.saveSettings]!('{"password":"x"}')).rejects.toThrow(
      'settings:save: argument 1: the settings update must be an object',
    );
    await expect(
      h[IpcChannel.saveSettings]!({ account: settingsBefore.account, notes: 'x'.repeat(70_000) }),
    ).rejects.toThrow(/more than the 65536 allowed/);
    await expect(h[IpcChannel.testConnection]!(null)).rejects.toThrow(/must be an object/);
    await expect(h[IpcChannel.openLink]!({ id: 'keep' })).rejects.toThrow(/must be a string/);
    await expect(service.focusItem(7 as unknown as string)).rejects.toThrow(/must be a string/);

    expect(await service.handlers[IpcChannel.getInbox]()).toEqual(before);
    expect(await service.handlers[IpcChannel.getSettings]()).toEqual(settingsBefore);
    expect(seen).toEqual([]);
  });
});
