/**
 * A push's life in the inbox (docs/wire-format.md): revisions by the highest `rev`, in any
 * order; completion, retraction, expiry; the user's events from any device, applied once.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Inbox, type InboxChangeDetail } from './inbox.ts';
import { openSqliteInboxStorage } from './sqlite-inbox-storage.ts';
import type { UserEvent } from './user-events.ts';
import type { Push } from './push.ts';
import { makePush } from '../test/support/pushes.ts';
import { FakeClock } from '../test/support/fake-clock.ts';

let dir: string;
const open: Inbox[] = [];
const clock = new FakeClock(Date.parse('2026-12-02T09:00:00Z'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-lifecycle-'));
});
afterEach(() => {
  for (const inbox of open.splice(0)) inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function openInbox(): Inbox {
  const { storage } = openSqliteInboxStorage(join(dir, 'inbox.sqlite'));
  const inbox = new Inbox({ storage, clock });
  open.push(inbox);
  return inbox;
}

function reopen(inbox: Inbox): Inbox {
  inbox.close();
  open.splice(open.indexOf(inbox), 1);
  return openInbox();
}

const APPROVE = { id: 'approve', label: 'Approve', style: 'primary' as const, confirm: null };
const REJECT = { id: 'reject', label: 'Reject', style: 'destructive' as const, confirm: 'Sure?' };

function revision(rev: number, overrides: Partial<Push> = {}): Push {
  return makePush({ id: 'expense-4411', title: `Expense, rev ${rev}`, rev, ...overrides });
}

function event(overrides: Partial<UserEvent> & Pick<UserEvent, 'type'>): UserEvent {
  return {
    id: crypto.randomUUID(),
    pushId: 'expense-4411',
    action: null,
    at: clock.now(),
    ...overrides,
  };
}

describe('revisions from the sender', () => {
  test('a higher revision changes the item in place and keeps what the user did', () => {
    const inbox = openInbox();
    expect(inbox.receive(revision(0, { actions: [APPROVE] })).outcome).toBe('new');
    inbox.recordChoice('expense-4411', 'read');
    const outcome = inbox.receive(revision(2, { priority: 'urgent', actions: [APPROVE, REJECT] }));
    expect(outcome.outcome).toBe('revised');
    expect(inbox.list()).toHaveLength(1);
    expect(inbox.get('expense-4411')).toMatchObject({
      title: 'Expense, rev 2',
      priority: 'urgent',
      rev: 2,
      read: true,
      updatedAt: clock.now(),
      actions: [APPROVE, REJECT],
    });
  });

  test('copies and older revisions change nothing, in any order', () => {
    const inbox = openInbox();
    inbox.receive(revision(3));
    for (const rev of [3, 1, 0, 2]) expect(inbox.receive(revision(rev)).outcome).toBe('ignored');
    expect(inbox.get('expense-4411')?.title).toBe('Expense, rev 3');
  });

  test('the sender completing it makes the to-do done and read', () => {
    const inbox = openInbox();
    inbox.receive(revision(0));
    inbox.receive(revision(1, { state: 'done' }));
    expect(inbox.get('expense-4411')).toMatchObject({ state: 'done', done: true, read: true });
  });

  test('a retraction keeps only the title, even when it arrives before the push', () => {
    const inbox = openInbox();
    inbox.receive(revision(0, { url: 'https://erp.example.com/4411', actions: [APPROVE] }));
    inbox.receive(revision(1, { state: 'retracted', title: '', body: 'withdrawn' }));
    expect(inbox.get('expense-4411')).toMatchObject({
      state: 'retracted',
      title: 'Expense, rev 0',
      body: '',
      url: null,
      actions: [],
      read: true,
    });
  });

  test('a retraction that overtakes the push cannot be reopened by the late original', () => {
    const inbox = openInbox();
    expect(inbox.receive(revision(1, { state: 'retracted', title: '' })).outcome).toBe('new');
    expect(inbox.receive(revision(0)).outcome).toBe('ignored');
    expect(inbox.get('expense-4411')).toMatchObject({ state: 'retracted', read: true });
  });

  test('an item the user deleted stays deleted whatever revision follows, after a restart too', () => {
    let inbox = openInbox();
    inbox.receive(revision(0));
    inbox.recordChoice('expense-4411', 'deleted');
    inbox = reopen(inbox);
    expect(inbox.receive(revision(5)).outcome).toBe('ignored');
    expect(inbox.list()).toEqual([]);
  });

  test('an expired push is not stored, and a revision that expires it removes it', () => {
    const inbox = openInbox();
    const past = new Date(clock.now() - 1).toISOString();
    expect(inbox.receive(makePush({ id: 'late', expires: past }))).toEqual({
      outcome: 'expired',
      removed: null,
    });
    expect(inbox.receive(makePush({ id: 'late' })).outcome).toBe('ignored');
    inbox.receive(revision(0));
    expect(inbox.receive(revision(1, { expires: past }))).toMatchObject({ outcome: 'expired' });
    expect(inbox.list()).toEqual([]);
  });

  test('items past their expiry leave on removeExpired; nextExpiry says when', () => {
    const inbox = openInbox();
    const soon = clock.now() + 60_000;
    inbox.receive(revision(0, { expires: new Date(soon).toISOString() }));
    inbox.receive(makePush({ id: 'forever' }));
    expect(inbox.nextExpiry()).toBe(soon);
    expect(inbox.removeExpired()).toEqual([]);
    clock.advance(60_000);
    expect(inbox.removeExpired().map((item) => item.id)).toEqual(['expense-4411']);
    expect(inbox.list().map((item) => item.id)).toEqual(['forever']);
  });

  test('revisions and user state survive a restart', () => {
    let inbox = openInbox();
    inbox.receive(revision(0, { actions: [APPROVE], ackRequired: true }));
    inbox.receive(revision(1, { actions: [APPROVE, REJECT], ackRequired: true }));
    inbox.recordChoice('expense-4411', 'action', { action: 'reject' });
    const before = inbox.get('expense-4411');
    inbox = reopen(inbox);
    expect(inbox.get('expense-4411')).toEqual(before);
  });
});

test('an inbox written by the previous schema opens with its items as first sends', () => {
  const db = new DatabaseSync(join(dir, 'inbox.sqlite'));
  db.exec(`
    CREATE TABLE items (id TEXT PRIMARY KEY, kind TEXT NOT NULL, priority TEXT NOT NULL,
      title TEXT NOT NULL, body TEXT NOT NULL, url TEXT, url_label TEXT, due TEXT, category TEXT,
      sender TEXT NOT NULL, sent_at INTEGER NOT NULL, received_at INTEGER NOT NULL,
      delayed INTEGER NOT NULL, read INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO items VALUES ('old', 'todo', 'high', 'Old', 'kept', NULL, NULL, NULL, NULL,
      'notify@localhost', ${clock.now()}, ${clock.now()}, 0, 1, 0);
    INSERT INTO seen VALUES ('old', ${clock.now()});
    PRAGMA user_version = 1;
  `);
  db.close();
  const inbox = openInbox();
  expect(inbox.get('old')).toMatchObject({
    title: 'Old',
    read: true,
    rev: 0,
    state: 'open',
    actions: [],
  });
  expect(inbox.receive(makePush({ id: 'old', rev: 1, title: 'New' })).outcome).toBe('revised');
});

describe("the user's events", () => {
  test('a choice is applied, queued for the sender, and kept in the outbox across a restart', () => {
    let inbox = openInbox();
    inbox.receive(revision(0, { actions: [APPROVE, REJECT], ackRequired: true }));
    const chosen = inbox.recordChoice('expense-4411', 'action', { action: 'approve' });
    expect(chosen).toMatchObject({ type: 'action', action: 'approve', at: clock.now() });
    expect(inbox.get('expense-4411')).toMatchObject({
      done: true,
      read: true,
      acknowledgedAt: clock.now(),
      chosenAction: { id: 'approve', label: 'Approve', at: clock.now() },
    });
    inbox = reopen(inbox);
    expect(inbox.pendingEvents()).toEqual([{ event: chosen, to: 'notify@localhost' }]);
    inbox.eventsSent([chosen?.id ?? '']);
    expect(inbox.pendingEvents()).toEqual([]);
  });

  test('mark all read is the choice read on each unread item of the kind, in one change', () => {
    const changes: InboxChangeDetail[] = [];
    const { storage } = openSqliteInboxStorage(join(dir, 'inbox.sqlite'));
    let inbox = new Inbox({ storage, clock, onChange: (change) => changes.push(change) });
    open.push(inbox);
    inbox.receive(makePush({ id: 'po-1', kind: 'todo', from: 'erp@localhost' }));
    inbox.receive(makePush({ id: 'po-2', kind: 'todo', from: 'notify@localhost' }));
    inbox.receive(makePush({ id: 'po-3', kind: 'todo' }));
    inbox.receive(makePush({ id: 'news-1', kind: 'news' }));
    const alreadyRead = inbox.recordChoice('po-3', 'read');
    changes.length = 0;

    const events = inbox.markAllRead('todo');
    expect(events.map(({ pushId, type, action }) => ({ pushId, type, action }))).toEqual(
      expect.arrayContaining([
        { pushId: 'po-1', type: 'read', action: null },
        { pushId: 'po-2', type: 'read', action: null },
      ]),
    );
    expect(events).toHaveLength(2);
    expect(new Set(events.map((each) => each.id)).size).toBe(2);
    expect(changes).toEqual([{ type: 'upsert', ids: expect.arrayContaining(['po-1', 'po-2']) }]);
    expect(inbox.counts().todo.unread).toBe(0);
    expect(inbox.get('news-1')?.read).toBe(false);
    expect(inbox.get('po-1')?.readChangedAt).toBe(clock.now());
    // Nothing left to read: no event, no change.
    expect(inbox.markAllRead('todo')).toEqual([]);
    expect(changes).toHaveLength(1);

    // Queued as one choice each, to the sender of each push, and kept across a restart.
    inbox = reopen(inbox);
    const to = (pushId: string) => (pushId === 'po-1' ? 'erp@localhost' : 'notify@localhost');
    expect(inbox.pendingEvents()).toEqual([
      { event: alreadyRead, to: 'notify@localhost' },
      ...events.map((event) => ({ event, to: to(event.pushId) })),
    ]);
  });

  test('mark all read of a big inbox keeps each of its events until the server took it', () => {
    let inbox = openInbox();
    const ids = Array.from({ length: 3_000 }, (_, n) => `bulk-${n}`);
    for (const id of ids) inbox.receive(makePush({ id }));
    const events = inbox.markAllRead();
    expect(events).toHaveLength(ids.length);
    inbox = reopen(inbox);
    expect(inbox.pendingEvents().map(({ event }) => event.pushId)).toEqual(
      events.map((event) => event.pushId),
    );
    // The server's acks come one at a time.
    for (const event of events.slice(0, -1)) inbox.eventsSent([event.id]);
    inbox = reopen(inbox);
    expect(inbox.pendingEvents()).toEqual([{ event: events.at(-1), to: 'notify@localhost' }]);
  });

  test('a choice that changes nothing, or names no button of the item, is not sent', () => {
    const inbox = openInbox();
    inbox.receive(revision(0, { actions: [APPROVE] }));
    expect(inbox.recordChoice('expense-4411', 'undone')).toBeNull();
    expect(inbox.recordChoice('expense-4411', 'action', { action: 'launch' })).toBeNull();
    expect(inbox.recordChoice('unknown', 'read')).toBeNull();
    expect(inbox.pendingEvents()).toEqual([]);
  });

  test('read and done end at the latest choice whatever order the copies arrive in', () => {
    const at = clock.now();
    const choices = [
      event({ type: 'read', at: at + 1 }),
      event({ type: 'unread', at: at + 2 }),
      event({ type: 'read', at: at + 3 }),
      event({ type: 'done', at: at + 1 }),
      event({ type: 'undone', at: at + 4 }),
    ];
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 2, 1, 0, 3],
      [1, 3, 0, 4, 2],
      [2, 1, 0, 4, 3],
    ];
    const inbox = openInbox();
    for (const [n, order] of orders.entries()) {
      const pushId = `expense-${n}`;
      inbox.receive(revision(0, { id: pushId }));
      for (const index of order) inbox.applyUserEvent({ ...(choices[index] as UserEvent), pushId });
      expect(inbox.get(pushId), `order ${order.join()}`).toMatchObject({ read: true, done: false });
    }
  });

  test('the first action chosen stands on every device; a copy applied again changes nothing', () => {
    const inbox = openInbox();
    inbox.receive(revision(0, { actions: [APPROVE, REJECT] }));
    const later = event({ type: 'action', action: 'reject', at: clock.now() + 10 });
    const first = event({ type: 'action', action: 'approve', at: clock.now() + 5 });
    expect(inbox.applyUserEvent(later)).toBe(true);
    expect(inbox.applyUserEvent(first)).toBe(true);
    expect(inbox.applyUserEvent(first)).toBe(false);
    expect(inbox.applyUserEvent(later)).toBe(false);
    expect(inbox.get('expense-4411')?.chosenAction).toMatchObject({ id: 'approve' });
  });

  test('deleted on another device removes the item here, for good', () => {
    const inbox = openInbox();
    inbox.receive(revision(0));
    expect(inbox.applyUserEvent(event({ type: 'deleted' }))).toBe(true);
    expect(inbox.receive(revision(1)).outcome).toBe('ignored');
    expect(inbox.pendingEvents()).toEqual([]);
  });
});
