import type { Push, PushKind } from './push.ts';

/** An inbox entry: the push plus what the user did with it. */
export interface InboxItem extends Push {
  read: boolean;
  done: boolean;
}

export interface KindCount {
  total: number;
  unread: number;
}
export type InboxCounts = Record<PushKind | 'all', KindCount>;

/**
 * Meta key set when a corrupt inbox file was replaced: pushes sent before this time (epoch
 * ms, the old file's last write) were already shown once, so the catch-up that restores them
 * from the server archive must not announce them again. Cleared when that catch-up completes.
 */
export const RESTORED_BEFORE_META = 'restore.shownBefore';

/** One atomic write: everything in it lands on disk together or not at all. */
export interface StorageBatch {
  upsert: InboxItem[];
  remove: string[];
  /** Dedupe keys to remember, with when they were first seen (epoch ms). */
  seen: Array<{ key: string; at: number }>;
  meta: Record<string, string>;
  /** Forget dedupe keys first seen before this time (epoch ms), if set. */
  forgetSeenBefore?: number;
}

/**
 * Where the inbox lives. The engine keeps the working set in memory and hands the storage
 * batches; an implementation must apply a batch atomically (all or nothing).
 */
export interface InboxStorage {
  loadItems(): InboxItem[];
  loadMeta(): Record<string, string>;
  /** Whether a dedupe key was ever persisted (and not yet forgotten). */
  hasSeen(key: string): boolean;
  write(batch: StorageBatch): void;
  close(): void;
}
