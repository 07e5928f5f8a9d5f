/**
 * The inbox kept in step with main: subscribe first, then pull a snapshot, then apply deltas
 * in order. Deltas that arrive while a snapshot is on its way are replayed on top of it
 * (upserts and removals are idempotent, so a delta the snapshot already holds is harmless).
 */
import { useEffect, useState } from 'react';
import type { InboxChange } from '../../core/desktop-api.ts';
import type { InboxCounts, InboxItem } from '../../core/inbox-storage.ts';
import { EMPTY_COUNTS, applyInboxChange } from './inbox-model.ts';

export interface InboxState {
  items: InboxItem[];
  counts: InboxCounts;
  loaded: boolean;
}

const INITIAL: InboxState = { items: [], counts: EMPTY_COUNTS, loaded: false };

/**
 * `onFocusRequest`: the snapshot names an item a notification click asked to show. Pass a
 * stable function (a state setter): a new one resubscribes.
 */
export function useInbox(onFocusRequest: (id: string) => void): InboxState {
  const [state, setState] = useState(INITIAL);

  useEffect(() => {
    let pending: InboxChange[] | null = [];
    let disposed = false;

    const unsubscribe = window.herald.onInboxChanged((change) => {
      if (pending) {
        pending.push(change);
        return;
      }
      setState((current) => ({
        items: applyInboxChange(current.items, change),
        counts: change.counts,
        loaded: true,
      }));
    });
    void window.herald.getInbox().then((snapshot) => {
      if (disposed) return;
      const queued = pending ?? [];
      pending = null;
      let items = snapshot.items;
      let counts = snapshot.counts;
      for (const change of queued) {
        items = applyInboxChange(items, change);
        counts = change.counts;
      }
      setState({ items, counts, loaded: true });
      if (snapshot.focusId !== null) onFocusRequest(snapshot.focusId);
    });
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [onFocusRequest]);

  return state;
}
