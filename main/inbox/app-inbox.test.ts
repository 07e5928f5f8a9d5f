/** The app's inbox over a real inbox.sqlite in a temp folder: what the windows and tray are told. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { InboxChange } from '../../core/desktop-api.ts';
import type { Inbox } from '../../core/inbox.ts';
import { makePush } from '../../test/support/pushes.ts';
import { openAppInbox, retentionPolicy } from './app-inbox.ts';

const opened: Inbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const inbox of opened.splice(0)) inbox.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function open(dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'herald-app-inbox-')));
  if (!dataDir) dirs.push(dir);
  const changes: InboxChange[] = [];
  const unread: number[] = [];
  const inbox = openAppInbox({
    dataDir: dir,
    retention: { maxItems: 10_000, maxAgeDays: 90 },
    onChange: (change) => void changes.push(change),
    onUnread: (count) => void unread.push(count),
    warn: () => undefined,
    onReplaced: () => undefined,
  });
  opened.push(inbox);
  return { dir, inbox, changes, unread };
}

describe('openAppInbox', () => {
  test('a new push is an upsert with the new counts, and the unread total moves', async () => {
    const { inbox, changes, unread } = await open();
    const push = makePush({ title: 'Approve expense report #4411' });
    inbox.add(push);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'upsert', items: [{ id: push.id, read: false }] });
    expect(changes[0]!.counts.all.unread).toBe(1);
    expect(unread).toEqual([1]);
  });

  test('marking done keeps the unread total: no unread event; reading and deleting are told', async () => {
    const { inbox, changes, unread } = await open();
    const push = makePush();
    inbox.add(push);
    inbox.setDone(push.id, true);
    expect(unread).toEqual([1]);
    inbox.setRead(push.id, true);
    expect(unread).toEqual([1, 0]);
    inbox.remove(push.id);
    expect(changes.at(-1)).toMatchObject({ type: 'remove', ids: [push.id] });
  });

  test('the inbox is in the data folder and survives a restart; its unread total is the start', async () => {
    const first = await open();
    first.inbox.add(makePush());
    first.inbox.close();
    opened.splice(opened.indexOf(first.inbox), 1);
    const again = await open(first.dir);
    expect(again.inbox.counts().all.unread).toBe(1);
    again.inbox.add(makePush());
    expect(again.unread).toEqual([2]);
  });

  test('retention in days becomes the inbox age limit', () => {
    expect(retentionPolicy({ maxItems: 500, maxAgeDays: 2 })).toEqual({
      maxItems: 500,
      maxAgeMs: 2 * 86_400_000,
    });
  });
});
