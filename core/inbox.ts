/**
 * The inbox: the working set in memory, changes written to storage in batches.
 * One push id is one item, forever: dedupe keys outlive deleted and expired items.
 */
import type { Push, PushKind } from './push.ts';
import { AgeIndex } from './age-index.ts';
import type { InboxCounts, InboxItem, InboxStorage, StorageBatch } from './inbox-storage.ts';
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
  /**
   * Something the user sees changed (an item, a count). `change` says which items: upserted
   * ids, removed ids, or `reset` when many changed at once (mark all read).
   */
  onChange?(change: InboxChangeDetail): void;
}

/** Which items an `onChange` call is about. */
export type InboxChangeDetail =
  { type: 'upsert'; ids: string[] } | { type: 'remove'; ids: string[] } | { type: 'reset' };

export type { InboxCounts, KindCount } from './inbox-storage.ts';

const RETRY_DELAY_MS = 1_000;

export class Inbox {
  readonly #storage: InboxStorage;
  #retention: RetentionPolicy;
  readonly #flushDelayMs: number;
  readonly #clock: Clock;
  readonly #options: InboxOptions;
  readonly #items = new Map<string, InboxItem>();
  readonly #ages = new AgeIndex();
  readonly #meta: Record<string, string>;
  /** Changes not yet on disk; keyed so repeated edits of one item write it once. */
  readonly #pendingUpserts = new Map<string, InboxItem>();
  readonly #pendingRemoves = new Set<string>();
  #pendingSeen: Array<{ key: string; at: number }> = [];
  readonly #pendingKeys = new Set<string>();
  #pendingMeta: Record<string, string> = {};
  #flushTimer: TimerHandle | null = null;
  #persisted: Array<() => void> = [];
  #closed = false;

  constructor(options: InboxOptions) {
    this.#options = options;
    this.#storage = options.storage;
    this.#retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.#flushDelayMs = options.flushDelayMs ?? 50;
    this.#clock = options.clock ?? systemClock;
    for (const item of this.#storage.loadItems()) this.#items.set(item.id, item);
    this.#ages.rebuild(this.#items.values());
    this.#meta = this.#storage.loadMeta();
    if (this.#applyRetention().length) this.#scheduleFlush();
  }

  /** Adds a new push; false when its key was seen before (a duplicate, ignored). */
  add(push: Push, dedupeKey: string = push.id): boolean {
    if (this.#items.has(push.id) || this.isDuplicate(dedupeKey)) return false;
    const item: InboxItem = { ...push, read: false, done: false };
    this.#items.set(item.id, item);
    this.#ages.add(item.id, item.receivedAt);
    this.#pendingKeys.add(dedupeKey);
    this.#pendingSeen.push({ key: dedupeKey, at: push.receivedAt });
    this.#pendingUpserts.set(item.id, item);
    this.#changed({ type: 'upsert', ids: [item.id] });
    return true;
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

  /** Marks every unread item (of one kind, if given) read; returns how many changed. */
  markAllRead(kind?: PushKind): number {
    let changed = 0;
    for (const item of this.#items.values()) {
      if (item.read || (kind && item.kind !== kind)) continue;
      this.#put({ ...item, read: true });
      changed++;
    }
    if (changed) this.#changed({ type: 'reset' });
    return changed;
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
    this.#pendingUpserts.set(item.id, item);
  }

  #drop(id: string): boolean {
    if (!this.#items.delete(id)) return false;
    this.#pendingUpserts.delete(id);
    this.#pendingRemoves.add(id);
    return true;
  }

  #hasPending(): boolean {
    return (
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

function matches(item: InboxItem, needle: string): boolean {
  return [item.title, item.body, item.category ?? ''].some((text) =>
    text.toLocaleLowerCase().includes(needle),
  );
}

function newestFirst(a: InboxItem, b: InboxItem): number {
  return b.sentAt - a.sentAt || b.receivedAt - a.receivedAt || (a.id < b.id ? -1 : 1);
}
