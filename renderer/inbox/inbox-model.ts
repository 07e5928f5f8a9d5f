/**
 * The inbox as the window holds it: a newest-first array kept in step with main by applying
 * its deltas, plus the pure tab/search filter. DOM-free so it is unit-tested in Node.
 */
import type { InboxChange } from '../../core/desktop-api.ts';
import type { InboxCounts, InboxItem } from '../../core/inbox-storage.ts';

export const TABS = ['todo', 'news', 'all'] as const;
export type Tab = (typeof TABS)[number];

export const EMPTY_COUNTS: InboxCounts = {
  all: { total: 0, unread: 0 },
  todo: { total: 0, unread: 0 },
  news: { total: 0, unread: 0 },
  notice: { total: 0, unread: 0 },
};

/** The same order as core's Inbox.list(), so a snapshot and applied deltas agree. */
export function newestFirst(a: InboxItem, b: InboxItem): number {
  return b.sentAt - a.sentAt || b.receivedAt - a.receivedAt || (a.id < b.id ? -1 : 1);
}

/**
 * Applies one delta. Unchanged items keep their object identity, so memoized rows do not
 * re-render.
 */
export function applyInboxChange(items: readonly InboxItem[], change: InboxChange): InboxItem[] {
  if (change.type === 'remove') {
    const gone = new Set(change.ids);
    return items.filter((item) => !gone.has(item.id));
  }
  const incoming = new Map(change.items.map((item) => [item.id, item]));
  // Fast path for read/done toggles: same position, so replace in place (no re-sort).
  const sameOrder: InboxItem[] = [];
  let moved = false;
  for (const item of items) {
    const next = incoming.get(item.id);
    if (next) {
      incoming.delete(item.id);
      if (next.sentAt !== item.sentAt || next.receivedAt !== item.receivedAt) moved = true;
      sameOrder.push(next);
    } else {
      sameOrder.push(item);
    }
  }
  if (!moved && incoming.size === 0) return sameOrder;
  // New or re-timed items: merge the (small) sorted batch into the sorted list.
  const rest = moved ? sameOrder.sort(newestFirst) : sameOrder;
  const added = [...incoming.values()].sort(newestFirst);
  return mergeSorted(rest, added);
}

function mergeSorted(a: InboxItem[], b: InboxItem[]): InboxItem[] {
  if (b.length === 0) return a;
  const out: InboxItem[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    const left = a[i];
    const right = b[j];
    if (left === undefined) return out.concat(b.slice(j));
    if (right === undefined) return out.concat(a.slice(i));
    if (newestFirst(left, right) <= 0) {
      out.push(left);
      i++;
    } else {
      out.push(right);
      j++;
    }
  }
}

export function inTab(item: InboxItem, tab: Tab): boolean {
  return tab === 'all' || item.kind === tab;
}

// Lower-cased search text per item object; items are immutable, so the cache never goes stale.
const haystacks = new WeakMap<InboxItem, string>();

function haystackOf(item: InboxItem): string {
  let text = haystacks.get(item);
  if (text === undefined) {
    text = `${item.title}\n${item.body}\n${item.category ?? ''}`.toLocaleLowerCase();
    haystacks.set(item, text);
  }
  return text;
}

/** Normalizes what the user typed; '' means no search. */
export function normalizeQuery(query: string): string {
  return query.trim().toLocaleLowerCase();
}

/** Title, body and category, case-insensitive substring (works for CJK, which has no word breaks). */
export function matchesQuery(item: InboxItem, needle: string): boolean {
  return needle === '' || haystackOf(item).includes(needle);
}

export function filterItems(items: readonly InboxItem[], tab: Tab, query: string): InboxItem[] {
  const needle = normalizeQuery(query);
  if (tab === 'all' && needle === '') return items as InboxItem[];
  return items.filter((item) => inTab(item, tab) && matchesQuery(item, needle));
}

/** The first line of the body, for the one-line preview in a row. */
export function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return (end === -1 ? text : text.slice(0, end)).trim();
}

/** The tab that should show an item when it is focused from a notification. */
export function tabFor(item: InboxItem, current: Tab): Tab {
  return inTab(item, current) ? current : item.kind === 'notice' ? 'all' : item.kind;
}

/** Where the selection should go after the item at `index` disappears from `list`. */
export function neighbourAfterRemoval(list: readonly InboxItem[], index: number): string | null {
  return list[index + 1]?.id ?? list[index - 1]?.id ?? null;
}

export interface DueInfo {
  at: number;
  overdue: boolean;
}

/** A to-do's due date and whether it has passed (a done to-do is never overdue). */
export function dueInfo(item: InboxItem, now: number): DueInfo | null {
  if (!item.due) return null;
  const at = Date.parse(item.due);
  if (Number.isNaN(at)) return null;
  return { at, overdue: !item.done && at < now };
}
