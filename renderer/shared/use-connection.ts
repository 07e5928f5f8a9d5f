/** The connection state: a snapshot, then every onConnectionChanged. */
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../core/desktop-api.ts';

export function useConnection(): ConnectionView | null {
  const [view, setView] = useState<ConnectionView | null>(null);
  useEffect(() => {
    let changed = false;
    const unsubscribe = window.herald.onConnectionChanged((next) => {
      changed = true;
      setView(next);
    });
    void window.herald.getConnection().then((snapshot) => {
      if (!changed) setView(snapshot);
    });
    return unsubscribe;
  }, []);
  return view;
}
