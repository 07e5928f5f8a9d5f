/**
 * The app's inbox: inbox.sqlite in the data folder (the file `herald listen --data-dir` uses),
 * kept within the retention settings, and every change turned into what the windows apply
 * (an `inbox:changed` delta with the new counts) and, when it moved, the unread total.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { InboxChange } from '../../core/desktop-api.ts';
import { Inbox, type InboxChangeDetail } from '../../core/inbox.ts';
import type { InboxReplaced } from '../../core/inbox-open-error.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import type { StoredSettings } from '../settings/settings-schema.ts';

const DAY_MS = 86_400_000;

export interface AppInboxOptions {
  dataDir: string;
  retention: StoredSettings['retention'];
  /** Retention goes by its wall time, the write batching by its timers. */
  clock?: Clock;
  /** How long changes gather before one write. */
  flushDelayMs?: number;
  onChange(change: InboxChange): void;
  onUnread(count: number): void;
  warn(message: string): void;
  /** The file was unreadable and was moved aside while opening, before anyone listens. */
  onReplaced(replaced: InboxReplaced): void;
}

export function openAppInbox(options: AppInboxOptions): Inbox {
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, 'inbox.sqlite');
  const { storage, replaced } = openSqliteInboxStorage(path, clock.now());
  if (replaced) options.onReplaced(replaced);
  let lastUnread = -1;
  const inbox: Inbox = new Inbox({
    storage,
    retention: retentionPolicy(options.retention),
    flushDelayMs: options.flushDelayMs,
    clock,
    onWriteError: (error) => options.warn(`could not save the inbox, will retry: ${error.message}`),
    onChange: (change) => onInboxChange(change),
  });
  lastUnread = inbox.counts().all.unread;

  function onInboxChange(change: InboxChangeDetail): void {
    const counts = inbox.counts();
    let payload: InboxChange | null;
    if (change.type === 'remove') payload = { type: 'remove', ids: change.ids, counts };
    else {
      const items = change.ids.flatMap((id) => inbox.get(id) ?? []);
      payload = items.length ? { type: 'upsert', items, counts } : null;
    }
    if (payload) options.onChange(payload);
    if (counts.all.unread !== lastUnread) {
      lastUnread = counts.all.unread;
      options.onUnread(lastUnread);
    }
  }
  return inbox;
}

/** The retention settings as the inbox takes them. */
export function retentionPolicy(retention: StoredSettings['retention']) {
  return { maxItems: retention.maxItems, maxAgeMs: retention.maxAgeDays * DAY_MS };
}
