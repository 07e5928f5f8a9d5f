import type { Push, PushKind } from './push.ts';

/** The button the user chose, and when (epoch ms). */
export interface ChosenAction {
  id: string;
  label: string;
  at: number;
}

/** An inbox entry: the push plus what the user did with it, on this device or another. */
export interface InboxItem extends Push {
  read: boolean;
  done: boolean;
  /**
   * When `read` / `done` last changed (epoch ms of the user's choice, 0 before any): every
   * device keeps the latest choice, whatever order the copies arrive in.
   */
  readChangedAt: number;
  doneChangedAt: number;
  acknowledgedAt: number | null;
  chosenAction: ChosenAction | null;
  /** When a later revision from the sender changed it (epoch ms), else null. */
  updatedAt: number | null;
}

/** The item a push becomes when it first arrives. */
export function newInboxItem(push: Push): InboxItem {
  return {
    ...push,
    read: push.state !== 'open',
    done: push.state === 'done',
    readChangedAt: 0,
    doneChangedAt: 0,
    acknowledgedAt: null,
    chosenAction: null,
    updatedAt: null,
  };
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
