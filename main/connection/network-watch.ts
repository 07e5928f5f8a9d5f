/**
 * "The network is back" for the main process. Electron's main process has no online/offline
 * event (only `net.isOnline()`), and the renderer's `online` event would need a window that is
 * loaded and an extra IPC channel. So: while the engine is waiting to reconnect, and only
 * then, ask `net.isOnline()` every few seconds and reconnect at once when it turns true. That
 * cuts the backoff wait (up to 60 s) to a few seconds after Wi-Fi returns, and costs nothing
 * while online. OS resume and screen unlock come from powerMonitor (setup-reconnect.ts).
 */
import type { ConnectionView } from '../../core/desktop-api.ts';

export interface NetworkWatchOptions {
  /** Electron's `net.isOnline()`. */
  isOnline(): boolean;
  onBackOnline(): void;
  intervalMs?: number;
  setInterval?(fn: () => void, ms: number): unknown;
  clearInterval?(handle: unknown): void;
}

export interface NetworkWatch {
  /** Feed every connection change; polling runs only while reconnecting. */
  setConnection(view: ConnectionView): void;
  stop(): void;
}

export const NETWORK_POLL_MS = 5_000;

export function watchNetwork(options: NetworkWatchOptions): NetworkWatch {
  const every = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const cancel = options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout));
  let timer: unknown = null;
  let wasOnline = true;

  const poll = (): void => {
    const online = options.isOnline();
    if (online && !wasOnline) options.onBackOnline();
    wasOnline = online;
  };

  return {
    setConnection(view) {
      const waiting = view.state === 'reconnecting';
      if (waiting && timer === null) {
        wasOnline = options.isOnline();
        timer = every(poll, options.intervalMs ?? NETWORK_POLL_MS);
      } else if (!waiting && timer !== null) {
        cancel(timer);
        timer = null;
      }
    },
    stop() {
      if (timer !== null) cancel(timer);
      timer = null;
    },
  };
}
