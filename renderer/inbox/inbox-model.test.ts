import { describe, expect, test } from 'vitest';
import type { InboxItem } from '../../core/inbox-storage.ts';
import {
  EMPTY_COUNTS,
  applyInboxChange,
  dueInfo,
  filterItems,
  firstLine,
  neighbourAfterRemoval,
  newestFirst,
  tabFor,
} from './inbox-model.ts';

function item(id: string, sentAt: number, overrides: Partial<InboxItem> = {}): InboxItem {
  return {
    id,
    kind: 'todo',
    priority: 'normal',
    title: `Title ${id}`,
    body: `Body ${id}`,
    url: null,
    urlLabel: null,
    due: null,
    category: null,
    from: 'notify@example.com',
    sentAt,
    receivedAt: sentAt,
    delayed: false,
    rev: 0,
    state: 'open',
    expires: null,
    ackRequired: false,
    actions: [],
    read: false,
    done: false,
    readChangedAt: 0,
    doneChangedAt: 0,
    acknowledgedAt: null,
    chosenAction: null,
    updatedAt: null,
    ...overrides,
  };
}

const ids = (items: readonly InboxItem[]) => items.map((i) => i.id);

describe('applyInboxChange', () => {
  const base = [item('c', 300), item('b', 200), item('a', 100)];

  test('a toggle replaces the item in place and keeps the others identical', () => {
    const list = applyInboxChange(base, {
      type: 'upsert',
      items: [{ ...base[1]!, read: true }],
      counts: EMPTY_COUNTS,
    });
    expect(ids(list)).toEqual(['c', 'b', 'a']);
    expect(list[1]!.read).toBe(true);
    expect(list[0]).toBe(base[0]);
    expect(list[2]).toBe(base[2]);
  });

  test('new items are merged newest first', () => {
    const next = applyInboxChange(base, {
      type: 'upsert',
      items: [item('z', 50), item('d', 400), item('bb', 250)],
      counts: EMPTY_COUNTS,
    });
    expect(ids(next)).toEqual(['d', 'c', 'bb', 'b', 'a', 'z']);
  });

  test('an item whose time changed moves', () => {
    const next = applyInboxChange(base, {
      type: 'upsert',
      items: [item('a', 999)],
      counts: EMPTY_COUNTS,
    });
    expect(ids(next)).toEqual(['a', 'c', 'b']);
  });

  test('remove', () => {
    const next = applyInboxChange(base, { type: 'remove', ids: ['b'], counts: EMPTY_COUNTS });
    expect(ids(next)).toEqual(['c', 'a']);
  });

  test('ties break like core (receivedAt, then id)', () => {
    const list = [
      item('y', 1, { receivedAt: 5 }),
      item('x', 1, { receivedAt: 5 }),
      item('w', 1, { receivedAt: 9 }),
    ];
    expect(ids(list.sort(newestFirst))).toEqual(['w', 'x', 'y']);
  });
});

describe('filterItems', () => {
  const list = [
    item('1', 3, { kind: 'news', title: 'Office CLOSED', category: 'Company' }),
    item('2', 2, { title: '审批：采购申请 PO-5521', body: '张伟提交了采购申请' }),
    item('3', 1, {
      kind: 'notice',
      title: 'Deploy failed',
      body: 'line one\nline two',
      category: 'Ops',
    }),
  ];

  test('tabs', () => {
    expect(ids(filterItems(list, 'todo', ''))).toEqual(['2']);
    expect(ids(filterItems(list, 'news', ''))).toEqual(['1']);
    expect(filterItems(list, 'all', '')).toBe(list);
  });

  test('search is case-insensitive over title, body and category, and finds Chinese', () => {
    expect(ids(filterItems(list, 'all', 'closed'))).toEqual(['1']);
    expect(ids(filterItems(list, 'all', '  company '))).toEqual(['1']);
    expect(ids(filterItems(list, 'all', 'LINE TWO'))).toEqual(['3']);
    expect(ids(filterItems(list, 'all', '采购'))).toEqual(['2']);
    expect(ids(filterItems(list, 'todo', '张伟'))).toEqual(['2']);
    expect(ids(filterItems(list, 'news', '张伟'))).toEqual([]);
  });
});

describe('helpers', () => {
  test('firstLine', () => {
    expect(firstLine('one\r\ntwo')).toBe('one');
    expect(firstLine('  single  ')).toBe('single');
  });

  test('tabFor keeps the current tab when it shows the item', () => {
    expect(tabFor(item('a', 1, { kind: 'news' }), 'all')).toBe('all');
    expect(tabFor(item('a', 1, { kind: 'news' }), 'todo')).toBe('news');
    expect(tabFor(item('a', 1, { kind: 'notice' }), 'todo')).toBe('all');
  });

  test('neighbourAfterRemoval prefers the next item, then the previous', () => {
    const list = [item('a', 3), item('b', 2), item('c', 1)];
    expect(neighbourAfterRemoval(list, 1)).toBe('c');
    expect(neighbourAfterRemoval(list, 2)).toBe('b');
    expect(neighbourAfterRemoval([list[0]!], 0)).toBeNull();
  });

  test('dueInfo marks open past to-dos overdue, never done ones', () => {
    const due = '2026-11-27T16:00:00Z';
    const at = Date.parse(due);
    expect(dueInfo(item('a', 1, { due }), at + 1)).toEqual({ at, overdue: true });
    expect(dueInfo(item('a', 1, { due }), at - 1)).toEqual({ at, overdue: false });
    expect(dueInfo(item('a', 1, { due, done: true }), at + 1)).toEqual({ at, overdue: false });
    expect(dueInfo(item('a', 1), at)).toBeNull();
    expect(dueInfo(item('a', 1, { due: 'garbage' }), at)).toBeNull();
  });
});
