import { afterEach, beforeEach, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newInboxItem, type InboxItem } from './inbox-storage.ts';
import { openSqliteInboxStorage } from './sqlite-inbox-storage.ts';
import { makePush } from '../test/support/pushes.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-storage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Rows are read as arrays in column order: every field must come back as it went in.
test('an item with every field set, and one with every optional field empty, load back the same', () => {
  const full: InboxItem = {
    ...newInboxItem(
      makePush({
        id: 'po-5521',
        kind: 'todo',
        priority: 'urgent',
        title: 'Approve PO-5521',
        body: '¥86,400.00 for rack space',
        url: 'https://oa.example.cn/approve/5521',
        urlLabel: 'Open in OA',
        due: '2026-12-03T10:00:00.000Z',
        category: 'Purchasing',
        from: 'notify@example.com',
        sentAt: 1_764_000_000_001,
        receivedAt: 1_764_000_000_002,
        delayed: true,
        rev: 3,
        state: 'done',
        expires: '2026-12-31T00:00:00.000Z',
        ackRequired: true,
        actions: [
          { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
          { id: 'reject', label: 'Reject', style: 'destructive', confirm: 'Sure?' },
        ],
      }),
    ),
    read: true,
    done: true,
    readChangedAt: 1_764_000_000_003,
    doneChangedAt: 1_764_000_000_004,
    acknowledgedAt: 1_764_000_000_005,
    chosenAction: { id: 'approve', label: 'Approve', at: 1_764_000_000_006 },
    updatedAt: 1_764_000_000_007,
  };
  const empty = newInboxItem(
    makePush({ id: 'news-1', kind: 'news', url: null, urlLabel: null, due: null, category: null }),
  );
  const first = openSqliteInboxStorage(join(dir, 'inbox.sqlite')).storage;
  first.write({ upsert: [full, empty], remove: [], seen: [], meta: {} });
  first.close();

  const again = openSqliteInboxStorage(join(dir, 'inbox.sqlite')).storage;
  const loaded = new Map(again.loadItems().map((item) => [item.id, item]));
  again.close();
  expect(loaded.get('po-5521')).toEqual(full);
  expect(loaded.get('news-1')).toEqual(empty);
});
