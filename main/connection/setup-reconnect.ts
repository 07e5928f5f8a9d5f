/**
 * Reconnect at once, instead of after the backoff wait, when the OS resumes from sleep, the
 * screen is unlocked, or the network comes back while the connection waits (network-watch.ts).
 */
import type { AppService } from '../app-service.ts';
import { watchNetwork, type NetworkWatch, type NetworkWatchOptions } from './network-watch.ts';

export interface PowerEvents {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface SetupReconnectOptions extends Omit<NetworkWatchOptions, 'onBackOnline'> {
  service: Pick<AppService, 'events' | 'reconnect'>;
  /** Electron's powerMonitor. */
  powerMonitor: PowerEvents;
}

export function setupReconnect(options: SetupReconnectOptions): NetworkWatch {
  const { service, powerMonitor, ...watch } = options;
  const network = watchNetwork({ ...watch, onBackOnline: () => service.reconnect() });
  service.events.on('connection', (view) => network.setConnection(view));
  powerMonitor.on('resume', () => service.reconnect());
  powerMonitor.on('unlock-screen', () => service.reconnect());
  return network;
}
