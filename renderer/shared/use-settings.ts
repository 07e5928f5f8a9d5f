/** Settings as main last reported them: a snapshot, then every onSettingsChanged. */
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../core/desktop-api.ts';

export function useSettings(): [SettingsView | null, (next: SettingsView) => void] {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  useEffect(() => {
    let changed = false;
    const unsubscribe = window.herald.onSettingsChanged((next) => {
      changed = true;
      setSettings(next);
    });
    // A change that lands before the snapshot answers is newer: keep it.
    void window.herald.getSettings().then((snapshot) => {
      if (!changed) setSettings(snapshot);
    });
    return unsubscribe;
  }, []);
  return [settings, setSettings];
}
