/**
 * Opening the app again while it runs. A second launch ('second-instance') shows the inbox;
 * one that arrives while this instance still starts (a keychain prompt can take its time) is
 * remembered, not lost, and shown once there is an inbox. macOS sends 'activate' instead when
 * the running app is opened from Finder, Spotlight or Launchpad (a tray-only app has no Dock
 * icon to click): honoured only once started, so it cannot undo a hidden start at login.
 */
export interface RelaunchEvents {
  on(event: 'second-instance' | 'activate', listener: () => void): unknown;
}

export interface Relaunch {
  /** The app has started: show the inbox now for a launch that came early, and from now on. */
  ready(showInbox: () => void): void;
}

export function setupRelaunch(app: RelaunchEvents): Relaunch {
  let showInbox: (() => void) | null = null;
  let inboxWanted = false;
  app.on('second-instance', () => (showInbox ? showInbox() : void (inboxWanted = true)));
  app.on('activate', () => showInbox?.());
  return {
    ready(show) {
      showInbox = show;
      if (inboxWanted) show();
    },
  };
}
