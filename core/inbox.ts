/**
 * The inbox: the working set in memory, changes written to storage in batches.
 * One push id is one item, forever: dedupe keys outlive deleted and expired items.
 */
import type { Push, PushKind } from './push.ts';
import { AgeIndex } from './age-index.ts';
import {
  newInboxItem,
  type InboxCounts,
  type InboxItem,
  type InboxStorage,
  type StorageBatch,
} from './inbox-storage.ts';
import { parseIsoDate } from './push-codec.ts';
import type { UserEvent, UserEventType } from './user-events.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';

export interface RetentionPolicy {
  /** Keep at most this many items; the oldest go first. */
  maxItems: number;
  /** Drop items received longer ago than this. */
  maxAgeMs: number;
  /** Remember dedupe keys this long (must cover the server archive's lifetime). */
  dedupeMemoryMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  maxItems: 10_000,
  maxAgeMs: 90 * 24 * 3600_000,
  dedupeMemoryMs: 180 * 24 * 3600_000,
};

export interface InboxOptions {
  storage: InboxStorage;
  retention?: Partial<RetentionPolicy>;
  /** How long changes gather before one write; a burst of pushes costs one transaction. */
  flushDelayMs?: number;
  /** Retention and dedupe memory go by its wall time; batching by its timers. */
  clock?: Clock;
  /** A write failed (full disk, read-only dir…); changes stay queued and are retried. */
  onWriteError?(error: Error): void;
  /** Something the user sees changed (an item, a count). `change` says which items. */
  onChange?(change: InboxChangeDetail): void;
}

/** Which items an `onChange` call is about. */
export type InboxChangeDetail =
  { type: 'upsert'; ids: string[] } | { type: 'remove'; ids: string[] };

export type { InboxCounts, KindCount } from './inbox-storage.ts';

/**
 * What receiving a push did: a new item, a later revision applied to one (`previous` is the
 * item before), or nothing (a copy or an older revision, an item the user deleted, or one
 * already expired: `expired` then also says it left the inbox, if it was there).
 */
export type ReceiveOutcome =
  | { outcome: 'new'; item: InboxItem }
  | { outcome: 'revised'; item: InboxItem; previous: InboxItem }
  | { outcome: 'expired'; removed: InboxItem | null }
  | { outcome: 'ignored' };

const RETRY_DELAY_MS = 1_000;
const OUTBOX_META = 'events.outbox';
/**
 * Events not yet taken by the server; a client offline for long keeps the latest ones. As
 * many as the largest inbox Settings allows, so that "Mark all read" on all of it, offline or
 * not, loses none of its events.
 */
const OUTBOX_LIMIT = 100_000;

/** An event of this device's user, waiting to be sent to the push's sender. */
export interface OutgoingEvent {
  event: UserEvent;
  /** The push's sender (its system JID). */
  to: string;
}

export class Inbox {
  readonly #storage: InboxStorage;
  #retention: RetentionPolicy;
  readonly #flushDelayMs: number;
  readonly #clock: Clock;
  readonly #options: InboxOptions;
  readonly #items = new Map<string, InboxItem>();
  /** Epoch ms each expiring item expires at. */
  readonly #expiries = new Map<string, number>();
  readonly #ages = new AgeIndex();
  readonly #meta: Record<string, string>;
  /** Changes not yet on disk; keyed so repeated edits of one item write it once. */
  readonly #pendingUpserts = new Map<string, InboxItem>();
  readonly #pendingRemoves = new Set<string>();
  #pendingSeen: Array<{ key: string; at: number }> = [];
  readonly #pendingKeys = new Set<string>();
  #pendingMeta: Record<string, string> = {};
  /**
   * The outbox by event id, oldest first; stored as one meta value, serialized once per write
   * (the server's acks of a large "Mark all read" come one by one).
   */
  readonly #outbox = new Map<string, OutgoingEvent>();
  #outboxChanged = false;
  #flushTimer: TimerHandle | null = null;
  #persisted: Array<() => void> = [];
  #closed = false;

  constructor(options: InboxOptions) {
    this.#options = options;
    this.#storage = options.storage;
    this.#retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.#flushDelayMs = options.flushDelayMs ?? 50;
    this.#clock = options.clock ?? systemClock;
    for (const item of this.#storage.loadItems()) {
      this.#items.set(item.id, item);
      this.#trackExpiry(item);
    }
    this.#ages.rebuild(this.#items.values());
    this.#meta = this.#storage.loadMeta();
    for (const outgoing of parseOutbox(this.#meta[OUTBOX_META])) {
      this.#outbox.set(outgoing.event.id, outgoing);
    }
    if (this.#applyRetention().length) this.#scheduleFlush();
  }

  /** Adds a new push; false when its key was seen before (a duplicate, ignored). */
  add(push: Push, dedupeKey: string = push.id): boolean {
    if (this.#items.has(push.id) || this.isDuplicate(dedupeKey)) return false;
    this.#insert(newInboxItem(push), dedupeKey);
    return true;
  }

  /**
   * Applies a push from the sender: the first copy of an id becomes an item, a higher
   * revision replaces its content (docs/wire-format.md), anything else changes nothing.
   */
  receive(push: Push): ReceiveOutcome {
    const previous = this.#items.get(push.id);
    if (previous && push.rev <= previous.rev) return { outcome: 'ignored' };
    if (isExpired(push, this.#clock.now())) {
      if (previous) this.remove(push.id);
      // Remembered, so a late copy of an earlier revision cannot bring it back.
      else if (!this.isDuplicate(push.id)) this.#remember(push.id, push.receivedAt);
      return { outcome: 'expired', removed: previous ?? null };
    }
    if (!previous) {
      // Deleted by the user, or gone with retention: later revisions do not bring it back.
      if (this.isDuplicate(push.id)) return { outcome: 'ignored' };
      const first = newInboxItem(push);
      const item = push.state === 'retracted' ? withdrawn(first, first.title) : first;
      this.#insert(item, push.id);
      return { outcome: 'new', item };
    }
    const item = reviseItem(previous, push, this.#clock.now());
    this.#put(item);
    this.#changed({ type: 'upsert', ids: [item.id] });
    return { outcome: 'revised', item, previous };
  }

  /**
   * The user's choice on this device: applied here, and queued (on disk, with the next
   * write) to be sent to the push's sender and the user's other devices. Null when the item
   * is unknown, the action is not one of its buttons, or nothing would change.
   */
  recordChoice(
    pushId: string,
    type: UserEventType,
    options: { action?: string } = {},
  ): UserEvent | null {
    return this.#recordChoices([pushId], type, options.action ?? null)[0] ?? null;
  }

  /**
   * "Mark all read": the choice `read` on every unread item (of one kind, if given), recorded
   * as recordChoice records one, in one outbox write and one change. Returns the events.
   */
  markAllRead(kind?: PushKind): UserEvent[] {
    const unread: string[] = [];
    for (const item of this.#items.values()) {
      if (!item.read && (!kind || item.kind === kind)) unread.push(item.id);
    }
    return this.#recordChoices(unread, 'read');
  }

  #recordChoices(
    pushIds: readonly string[],
    type: UserEventType,
    chosenAction: string | null = null,
  ): UserEvent[] {
    const at = this.#clock.now();
    const chosen: OutgoingEvent[] = [];
    const changed: string[] = [];
    for (const pushId of pushIds) {
      const item = this.#items.get(pushId);
      const action = type === 'action' ? chosenAction : null;
      if (!item || choiceRefusal(item, type, action) !== null) continue;
      const event: UserEvent = { id: crypto.randomUUID(), pushId, type, action, at };
      if (this.#apply(item, event)) changed.push(pushId);
      chosen.push({ event, to: item.from });
    }
    if (!chosen.length) return [];
    for (const outgoing of chosen) this.#outbox.set(outgoing.event.id, outgoing);
    for (const id of this.#outbox.keys()) {
      if (this.#outbox.size <= OUTBOX_LIMIT) break;
      this.#outbox.delete(id);
    }
    this.#outboxChanged = true;
    this.#scheduleFlush();
    if (changed.length)
      this.#changed({ type: type === 'deleted' ? 'remove' : 'upsert', ids: changed });
    return chosen.map(({ event }) => event);
  }

  /** This device's events not yet taken by the server, oldest first. */
  pendingEvents(): OutgoingEvent[] {
    return [...this.#outbox.values()];
  }

  /** The server took these events: they leave the outbox. */
  eventsSent(ids: readonly string[]): void {
    let changed = false;
    for (const id of ids) changed = this.#outbox.delete(id) || changed;
    if (!changed) return;
    this.#outboxChanged = true;
    this.#scheduleFlush();
  }

  /**
   * An event of the user's, from this device or another (carbons, the archive): read and
   * done keep the latest choice; acknowledged, action and deleted are final. Applying a copy
   * again changes nothing. Returns whether the item changed.
   */
  applyUserEvent(event: UserEvent): boolean {
    const item = this.#items.get(event.pushId);
    if (!item || !this.#apply(item, event)) return false;
    this.#changed({ type: event.type === 'deleted' ? 'remove' : 'upsert', ids: [item.id] });
    return true;
  }

  /** Applies one event to its item without announcing it; whether the item changed. */
  #apply(item: InboxItem, event: UserEvent): boolean {
    if (event.type === 'deleted') return this.#drop(item.id);
    const next = applyEvent(item, event);
    if (next === item) return false;
    this.#put(next);
    return true;
  }

  /** Removes items whose `expires` has passed; returns them. */
  removeExpired(): InboxItem[] {
    const now = this.#clock.now();
    const expired: InboxItem[] = [];
    for (const [id, at] of this.#expiries) {
      const item = this.#items.get(id);
      if (item && at <= now) expired.push(item);
    }
    for (const item of expired) this.remove(item.id);
    return expired;
  }

  /** The earliest `expires` among the items (epoch ms), or null. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const at of this.#expiries.values()) if (next === null || at < next) next = at;
    return next;
  }

  /** Items that expire are few: they are indexed so a push never rescans the inbox. */
  #trackExpiry(item: InboxItem): void {
    const at = item.expires === null ? null : parseIsoDate(item.expires);
    if (at === null) this.#expiries.delete(item.id);
    else this.#expiries.set(item.id, at);
  }

  #insert(item: InboxItem, dedupeKey: string): void {
    this.#items.set(item.id, item);
    this.#trackExpiry(item);
    this.#ages.add(item.id, item.receivedAt);
    this.#remember(dedupeKey, item.receivedAt);
    this.#pendingUpserts.set(item.id, item);
    this.#changed({ type: 'upsert', ids: [item.id] });
  }

  #remember(dedupeKey: string, at: number): void {
    this.#pendingKeys.add(dedupeKey);
    this.#pendingSeen.push({ key: dedupeKey, at });
    this.#scheduleFlush();
  }

  /** Changes the limits; items past them go with the next write. */
  setRetention(retention: Partial<RetentionPolicy>): void {
    this.#retention = { ...this.#retention, ...retention };
    this.#scheduleFlush();
  }

  isDuplicate(dedupeKey: string): boolean {
    return this.#pendingKeys.has(dedupeKey) || this.#storage.hasSeen(dedupeKey);
  }

  get(id: string): InboxItem | undefined {
    return this.#items.get(id);
  }

  /** Every item, in no particular order (list() sorts; a scan of all items need not). */
  items(): IterableIterator<InboxItem> {
    return this.#items.values();
  }

  /** Items newest first (by when they were sent), optionally filtered by kind and text. */
  list(filter: { kind?: PushKind; query?: string } = {}): InboxItem[] {
    const needle = filter.query?.trim().toLocaleLowerCase();
    const result: InboxItem[] = [];
    for (const item of this.#items.values()) {
      if (filter.kind && item.kind !== filter.kind) continue;
      if (needle && !matches(item, needle)) continue;
      result.push(item);
    }
    return result.sort(newestFirst);
  }

  counts(): InboxCounts {
    const counts: InboxCounts = {
      all: { total: 0, unread: 0 },
      todo: { total: 0, unread: 0 },
      news: { total: 0, unread: 0 },
      notice: { total: 0, unread: 0 },
    };
    for (const item of this.#items.values()) {
      for (const key of ['all', item.kind] as const) {
        counts[key].total++;
        if (!item.read) counts[key].unread++;
      }
    }
    return counts;
  }

  /** Returns false for an unknown id; nothing changes then. */
  setRead(id: string, read: boolean): boolean {
    return this.#update(id, (item) => (item.read === read ? null : { ...item, read }));
  }

  setDone(id: string, done: boolean): boolean {
    return this.#update(id, (item) => (item.done === done ? null : { ...item, done }));
  }

  remove(id: string): boolean {
    if (!this.#drop(id)) return false;
    this.#changed({ type: 'remove', ids: [id] });
    return true;
  }

  getMeta(key: string): string | undefined {
    return this.#pendingMeta[key] ?? this.#meta[key];
  }

  /** Stored with the next batch, so it is never ahead of the items it describes. */
  setMeta(key: string, value: string): void {
    this.#pendingMeta[key] = value;
    this.#scheduleFlush();
  }

  /** Resolves once everything changed so far is on disk. */
  whenPersisted(): Promise<void> {
    if (!this.#hasPending()) return Promise.resolve();
    return new Promise((resolve) => this.#persisted.push(resolve));
  }

  /** Writes pending changes now; on failure keeps them queued and retries later. */
  flush(): boolean {
    if (this.#flushTimer !== null) this.#clock.clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    const expired = this.#applyRetention();
    if (expired.length) this.#options.onChange?.({ type: 'remove', ids: expired });
    if (this.#outboxChanged) {
      const outbox = [...this.#outbox.values()];
      this.#pendingMeta[OUTBOX_META] = outbox.length ? JSON.stringify(outbox) : '';
      this.#outboxChanged = false;
    }
    if (!this.#hasPending()) return true;
    const batch: StorageBatch = {
      upsert: [...this.#pendingUpserts.values()],
      remove: [...this.#pendingRemoves],
      seen: this.#pendingSeen,
      meta: this.#pendingMeta,
      forgetSeenBefore: this.#clock.now() - this.#retention.dedupeMemoryMs,
    };
    try {
      this.#storage.write(batch);
    } catch (error) {
      this.#options.onWriteError?.(error instanceof Error ? error : new Error(String(error)));
      if (!this.#closed)
        this.#flushTimer = this.#clock.setTimeout(() => this.flush(), RETRY_DELAY_MS);
      return false;
    }
    Object.assign(this.#meta, batch.meta);
    this.#pendingUpserts.clear();
    this.#pendingRemoves.clear();
    this.#pendingSeen = [];
    this.#pendingMeta = {};
    this.#pendingKeys.clear();
    const waiting = this.#persisted;
    this.#persisted = [];
    for (const resolve of waiting) resolve();
    return true;
  }

  /** Flushes and closes the storage; true when nothing was left unwritten. */
  close(): boolean {
    const written = this.flush();
    this.#closed = true;
    if (this.#flushTimer !== null) this.#clock.clearTimeout(this.#flushTimer);
    this.#storage.close();
    return written;
  }

  #update(id: string, change: (item: InboxItem) => InboxItem | null): boolean {
    const item = this.#items.get(id);
    if (!item) return false;
    const next = change(item);
    if (next) {
      this.#put(next);
      this.#changed({ type: 'upsert', ids: [id] });
    }
    return true;
  }

  #put(item: InboxItem): void {
    this.#items.set(item.id, item);
    this.#trackExpiry(item);
    this.#pendingUpserts.set(item.id, item);
  }

  #drop(id: string): boolean {
    if (!this.#items.delete(id)) return false;
    this.#expiries.delete(id);
    this.#pendingUpserts.delete(id);
    this.#pendingRemoves.add(id);
    return true;
  }

  #hasPending(): boolean {
    return (
      this.#outboxChanged ||
      this.#pendingUpserts.size > 0 ||
      this.#pendingRemoves.size > 0 ||
      this.#pendingSeen.length > 0 ||
      Object.keys(this.#pendingMeta).length > 0
    );
  }

  /** Drops items past the age or count limit; runs once per batch, not per push. Returns their ids. */
  #applyRetention(): string[] {
    const oldestAllowed = this.#clock.now() - this.#retention.maxAgeMs;
    // An entry is stale once its item is gone (deleted by the user, or dropped here).
    const isLive = (id: string, at: number) => this.#items.get(id)?.receivedAt === at;
    const expired: string[] = [];
    for (
      let oldest = this.#ages.oldest(isLive);
      oldest && (oldest.at < oldestAllowed || this.#items.size > this.#retention.maxItems);
      oldest = this.#ages.oldest(isLive)
    ) {
      this.#ages.removeOldest();
      this.#drop(oldest.id);
      expired.push(oldest.id);
    }
    // Deleted items leave entries behind; shed them before they outnumber the items.
    if (this.#ages.size > 2 * this.#items.size + 1024) this.#ages.rebuild(this.#items.values());
    return expired;
  }

  #changed(change: InboxChangeDetail): void {
    this.#scheduleFlush();
    this.#options.onChange?.(change);
  }

  #scheduleFlush(): void {
    if (this.#flushTimer !== null || this.#closed) return;
    this.#flushTimer = this.#clock.setTimeout(() => this.flush(), this.#flushDelayMs);
  }
}

/** The stored outbox; an unreadable one (a hand-edited file) counts as empty. */
function parseOutbox(stored: string | undefined): OutgoingEvent[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? (parsed as OutgoingEvent[]) : [];
  } catch {
    return [];
  }
}

function isExpired(push: Pick<Push, 'expires'>, now: number): boolean {
  const at = push.expires === null ? null : parseIsoDate(push.expires);
  return at !== null && at <= now;
}

/**
 * A later revision: the sender's content and state, the user's own state kept. Completed by
 * the sender means done and read; withdrawn keeps only the title the user knew it by.
 */
function reviseItem(previous: InboxItem, push: Push, now: number): InboxItem {
  const revised: InboxItem = {
    ...previous,
    ...push,
    // Where and when it first arrived stays; the item does not jump in the list.
    sentAt: previous.sentAt,
    receivedAt: previous.receivedAt,
    delayed: previous.delayed,
    updatedAt: now,
  };
  if (push.state === 'done') return { ...revised, done: true, read: true };
  if (push.state === 'retracted') return withdrawn(revised, previous.title);
  return revised;
}

/** A withdrawn item keeps the title the user knew it by, and nothing to act on. */
function withdrawn(item: InboxItem, title: string): InboxItem {
  return { ...item, title, body: '', url: null, urlLabel: null, actions: [], read: true };
}

/** Why the user's choice on `item` would record nothing. */
export type ChoiceRefusal = 'no-such-action' | 'action-chosen' | 'actions-closed' | 'unchanged';

/**
 * Null when the choice (`action`: the button's id, for type `action`) changes `item`; else
 * why not, for a caller that tells the user (cli/listen-commands.ts).
 */
export function choiceRefusal(
  item: InboxItem,
  type: UserEventType,
  action: string | null,
): ChoiceRefusal | null {
  switch (type) {
    case 'read':
    case 'unread':
      return item.read !== (type === 'read') ? null : 'unchanged';
    case 'done':
    case 'undone':
      return item.done !== (type === 'done') ? null : 'unchanged';
    case 'acknowledged':
      return item.acknowledgedAt === null ? null : 'unchanged';
    case 'action':
      if (!item.actions.some((each) => each.id === action)) return 'no-such-action';
      if (item.chosenAction !== null) return 'action-chosen';
      return item.state === 'open' ? null : 'actions-closed';
    case 'deleted':
      return null;
  }
}

/** The item after one of the user's events; the same object when nothing changes. */
function applyEvent(item: InboxItem, event: UserEvent): InboxItem {
  const { at } = event;
  // Every newer choice is recorded, even one that changes nothing here: an older copy of
  // the opposite choice may still be on its way.
  const setRead = (from: InboxItem, read: boolean) =>
    at > from.readChangedAt ? { ...from, read, readChangedAt: at } : from;
  const setDone = (from: InboxItem, done: boolean) =>
    at > from.doneChangedAt ? { ...from, done, doneChangedAt: at } : from;
  switch (event.type) {
    case 'read':
    case 'unread':
      return setRead(item, event.type === 'read');
    case 'done':
    case 'undone':
      return setDone(item, event.type === 'done');
    case 'acknowledged': {
      if (item.acknowledgedAt !== null && item.acknowledgedAt <= at) return item;
      return { ...setRead(item, true), acknowledgedAt: at };
    }
    case 'action': {
      // The first choice stands on every device, whichever copy comes first.
      if (item.chosenAction && item.chosenAction.at <= at) return item;
      const label = item.actions.find((each) => each.id === event.action)?.label ?? event.action;
      const chosen = setDone(setRead(item, true), true);
      return {
        ...chosen,
        chosenAction: { id: event.action ?? '', label: label ?? '', at },
        acknowledgedAt: item.ackRequired ? (item.acknowledgedAt ?? at) : item.acknowledgedAt,
      };
    }
    case 'deleted':
      return item;
  }
}

function matches(item: InboxItem, needle: string): boolean {
  return [item.title, item.body, item.category ?? ''].some((text) =>
    text.toLocaleLowerCase().includes(needle),
  );
}

function newestFirst(a: InboxItem, b: InboxItem): number {
  return b.sentAt - a.sentAt || b.receivedAt - a.receivedAt || (a.id < b.id ? -1 : 1);
}
