/**
 * The app's lifetime: closing every window only hides it (the app lives in the tray until
 * Quit), and a Quit runs in this order: `onQuitting` (windows really close from now on, the
 * network watch and notifications stop), then `stop` (close the XMPP stream, write the inbox)
 * while the exit waits, then `release` (the tray icon) and the exit. A failing stop is logged
 * and the app exits all the same.
 */
export interface QuitEvent {
  preventDefault(): void;
}

export interface LifetimeApp {
  on(event: 'window-all-closed' | 'before-quit', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: QuitEvent) => void): unknown;
  quit(): void;
}

export interface ShutdownSteps {
  onQuitting(): void;
  stop(): Promise<void>;
  release(): void;
  onStopFailed(error: unknown): void;
}

export interface Shutdown {
  /** True from the first 'before-quit' on. */
  isQuitting(): boolean;
  /** Installs the quit handling; before this a quit is Electron's plain one. */
  install(steps: ShutdownSteps): void;
}

export function createShutdown(app: LifetimeApp): Shutdown {
  let quitting = false;
  return {
    isQuitting: () => quitting,
    install(steps) {
      app.on('window-all-closed', () => undefined);
      app.on('before-quit', () => {
        quitting = true;
        steps.onQuitting();
      });
      let stopped = false;
      app.on('will-quit', (event) => {
        if (stopped) return;
        event.preventDefault();
        steps
          .stop()
          .catch((error: unknown) => steps.onStopFailed(error))
          .finally(() => {
            stopped = true;
            steps.release();
            app.quit();
          });
      });
    },
  };
}
