import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Inbox } from './inbox.ts';
import { InboxOpenError } from './inbox-open-error.ts';
import { openSqliteInboxStorage } from './sqlite-inbox-storage.ts';
import type { InboxStorage, StorageBatch } from './inbox-storage.ts';
import { makePush } from '../test/support/pushes.ts';
import { FakeClock } from '../test/support/fake-clock.ts';

let dir: string;
let file: string;
const open: Inbox[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-inbox-'));
  file = join(dir, 'inbox.sqlite');
});
afterEach(() => {
  for (const inbox of open.splice(0)) inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function openInbox(options: Partial<ConstructorParameters<typeof Inbox>[0]> = {}): Inbox {
  const { storage } = openSqliteInboxStorage(file);
  const inbox = new Inbox({ storage, ...options });
  open.push(inbox);
  return inbox;
}

function reopen(inbox: Inbox, options: Partial<ConstructorParameters<typeof Inbox>[0]> = {}) {
  inbox.close();
  open.splice(open.indexOf(inbox), 1);
  return openInbox(options);
}

describe('dedupe', () => {
  test('the same push id is one item, even after a restart and after it was deleted', () => {
    const inbox = openInbox();
    const push = makePush({ id: 'erp-4411' });
    expect(inbox.add(push)).toBe(true);
    expect(inbox.add({ ...push, title: 'changed' })).toBe(false);
    expect(inbox.list()).toHaveLength(1);

    const restarted = reopen(inbox);
    expect(restarted.add(push)).toBe(false);
    expect(restarted.remove('erp-4411')).toBe(true);
    const again = reopen(restarted);
    expect(again.add(push)).toBe(false);
    expect(again.list()).toHaveLength(0);
  });
});

describe('state', () => {
  test('read, done, delete and mark-all-read change counts and survive a restart', () => {
    const inbox = openInbox();
    inbox.add(makePush({ id: 'a', kind: 'todo' }));
    inbox.add(makePush({ id: 'b', kind: 'todo' }));
    inbox.add(makePush({ id: 'c', kind: 'news' }));
    inbox.add(makePush({ id: 'd', kind: 'notice' }));
    expect(inbox.counts()).toEqual({
      all: { total: 4, unread: 4 },
      todo: { total: 2, unread: 2 },
      news: { total: 1, unread: 1 },
      notice: { total: 1, unread: 1 },
    });
    expect(inbox.setRead('a', true)).toBe(true);
    expect(inbox.setDone('b', true)).toBe(true);
    expect(inbox.setRead('missing', true)).toBe(false);
    expect(inbox.markAllRead('news')).toHaveLength(1);
    expect(inbox.remove('d')).toBe(true);
    expect(inbox.remove('d')).toBe(false);

    const restarted = reopen(inbox);
    expect(restarted.get('a')?.read).toBe(true);
    expect(restarted.get('b')).toMatchObject({ done: true, read: false });
    expect(restarted.counts().all).toEqual({ total: 3, unread: 1 });
    expect(restarted.markAllRead()).toHaveLength(1);
    expect(restarted.counts().all.unread).toBe(0);
  });

  test('lists newest first, filters by kind and searches title, body and category', () => {
    const inbox = openInbox();
    inbox.add(makePush({ id: 'old', sentAt: 1000, title: 'Approve expense report' }));
    inbox.add(makePush({ id: 'new', sentAt: 3000, kind: 'news', body: '办公室 closed' }));
    inbox.add(makePush({ id: 'mid', sentAt: 2000, category: 'Finance' }));
    expect(inbox.list().map((item) => item.id)).toEqual(['new', 'mid', 'old']);
    expect(inbox.list({ kind: 'todo' }).map((item) => item.id)).toEqual(['mid', 'old']);
    expect(inbox.list({ query: 'EXPENSE' }).map((item) => item.id)).toEqual(['old']);
    expect(inbox.list({ query: '办公室' }).map((item) => item.id)).toEqual(['new']);
    expect(inbox.list({ query: 'finance' }).map((item) => item.id)).toEqual(['mid']);
  });
});

describe('batched writes', () => {
  test('a burst of pushes is written in one transaction after the batching window', async () => {
    const clock = new FakeClock();
    const writes: StorageBatch[] = [];
    const { storage } = openSqliteInboxStorage(file);
    const counting: InboxStorage = {
      ...bind(storage),
      write(batch) {
        writes.push(batch);
        storage.write(batch);
      },
    };
    const inbox = new Inbox({ storage: counting, clock, flushDelayMs: 50 });
    open.push(inbox);
    for (let i = 0; i < 500; i++) inbox.add(makePush({ receivedAt: clock.now() }));
    let persisted = false;
    const done = inbox.whenPersisted().then(() => (persisted = true));
    expect(writes).toHaveLength(0);
    clock.advance(50);
    await done;
    expect(persisted).toBe(true);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.upsert).toHaveLength(500);
  });

  test('a failed write (full disk) keeps the changes queued and retries until it succeeds', async () => {
    const clock = new FakeClock();
    const { storage } = openSqliteInboxStorage(file);
    let failuresLeft = 2;
    const errors: string[] = [];
    const flaky: InboxStorage = {
      ...bind(storage),
      write(batch) {
        if (failuresLeft-- > 0) throw Object.assign(new Error('ENOSPC: no space left on device'));
        storage.write(batch);
      },
    };
    const inbox = new Inbox({
      storage: flaky,
      clock,
      onWriteError: (error) => errors.push(error.message),
    });
    open.push(inbox);
    inbox.add(makePush({ id: 'kept' }));
    let persisted = false;
    void inbox.whenPersisted().then(() => (persisted = true));
    clock.advance(50);
    clock.advance(1000);
    await Promise.resolve();
    expect(errors).toEqual(['ENOSPC: no space left on device', 'ENOSPC: no space left on device']);
    expect(persisted).toBe(false);
    expect(inbox.isDuplicate('kept')).toBe(true);
    clock.advance(1000);
    await Promise.resolve();
    expect(persisted).toBe(true);
    expect(reopen(inbox).get('kept')?.id).toBe('kept');
  });
});

describe('retention', () => {
  test('keeps at most maxItems, dropping the oldest, and drops items past maxAge', () => {
    const clock = new FakeClock();
    const day = 24 * 3600_000;
    const inbox = openInbox({ clock, retention: { maxItems: 3, maxAgeMs: 30 * day } });
    inbox.add(makePush({ id: 'ancient', receivedAt: clock.now() - 31 * day }));
    for (const id of ['a', 'b', 'c', 'd']) {
      clock.advance(1000);
      inbox.add(makePush({ id, receivedAt: clock.now() }));
    }
    inbox.flush();
    expect(
      inbox
        .list()
        .map((item) => item.id)
        .sort(),
    ).toEqual(['b', 'c', 'd']);
    expect(inbox.add(makePush({ id: 'a' }))).toBe(false);
  });

  test('drops by when items were received, not by arrival, and skips deleted ones', () => {
    const clock = new FakeClock();
    const inbox = openInbox({ clock, retention: { maxItems: 2 } });
    const at = clock.now();
    inbox.add(makePush({ id: 'late', receivedAt: at + 3 }));
    inbox.add(makePush({ id: 'early', receivedAt: at + 1 }));
    inbox.add(makePush({ id: 'deleted', receivedAt: at }));
    inbox.remove('deleted');
    inbox.add(makePush({ id: 'middle', receivedAt: at + 2 }));
    inbox.flush();
    expect(inbox.list().map((item) => item.id)).toEqual(['late', 'middle']);
    expect(
      reopen(inbox, { clock })
        .list()
        .map((item) => item.id),
    ).toEqual(['late', 'middle']);
  });
});

describe('a corrupt store file', () => {
  test('is moved aside, with what the user is told, and a fresh inbox starts', () => {
    writeFileSync(file, 'this is not a database, it is garbage'.repeat(100));
    const { storage, replaced } = openSqliteInboxStorage(file, 1234);
    expect(replaced).toEqual({ aside: `${file}.corrupt-1234`, reason: 'file is not a database' });
    expect(existsSync(`${file}.corrupt-1234`)).toBe(true);
    const inbox = new Inbox({ storage });
    open.push(inbox);
    expect(inbox.add(makePush({ id: 'fresh' }))).toBe(true);
    expect(readdirSync(dir).sort()).toContain('inbox.sqlite.corrupt-1234');
  });
});

describe('an inbox file another process has open', () => {
  test('cannot be opened a second time: the error says another Herald has it', () => {
    const first = openInbox();
    // The CLI prints the message as it is; the app words the code in its own language.
    const refused = openError(file);
    expect(refused?.message).toBe(
      `the inbox in ${dir} is in use by another Herald (the app or \`herald listen\`): close it, or give this one a data folder of its own`,
    );
    expect(refused?.problem).toEqual({ code: 'inbox-in-use', params: { folder: dir } });
    expect(first.add(makePush({ id: 'still-writable' }))).toBe(true);
    expect(first.flush()).toBe(true);
    expect(reopen(first).get('still-writable')).toBeDefined();
  });
});

function bind(storage: InboxStorage): InboxStorage {
  return {
    loadItems: () => storage.loadItems(),
    loadMeta: () => storage.loadMeta(),
    hasSeen: (key) => storage.hasSeen(key),
    write: (batch) => storage.write(batch),
    close: () => storage.close(),
  };
}

describe('an inbox file from a newer Herald', () => {
  test('is refused with the versions, as a code the app words, and left as it is', () => {
    const newer = new DatabaseSync(file);
    newer.exec('PRAGMA user_version = 99');
    newer.close();
    const refused = openError(file);
    expect(refused?.message).toBe('inbox schema 99 is newer than this Herald understands (2)');
    expect(refused?.problem).toEqual({
      code: 'inbox-too-new',
      params: { version: 99, supported: 2 },
    });
    expect(readdirSync(dir)).not.toContainEqual(expect.stringMatching(/corrupt/));
  });
});

function openError(path: string): InboxOpenError | null {
  try {
    openSqliteInboxStorage(path).storage.close();
    return null;
  } catch (error) {
    return error instanceof InboxOpenError ? error : null;
  }
}
