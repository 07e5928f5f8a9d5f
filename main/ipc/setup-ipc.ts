/**
 * The app service on IPC: every invoke channel registered behind the sender check
 * (ipc-handlers.ts), and every main → renderer event of the service sent to the open windows.
 */
import type { EventChannel, IpcEventContract } from '../../core/desktop-api.ts';
import type { AppService } from '../app-service.ts';
import {
  EVENT_CHANNELS,
  registerInvokeHandlers,
  type IpcMainLike,
  type RendererLocation,
} from './ipc-handlers.ts';

export interface EventTarget {
  send<C extends EventChannel>(channel: C, payload: IpcEventContract[C]): void;
}

export function setupIpc(options: {
  ipc: IpcMainLike;
  service: Pick<AppService, 'handlers' | 'events'>;
  windows: EventTarget;
  renderer: RendererLocation;
  onRefused(channel: string, reason: string): void;
}): void {
  const { service, windows } = options;
  registerInvokeHandlers({
    ipc: options.ipc,
    handlers: service.handlers,
    renderer: options.renderer,
    onRefused: options.onRefused,
  });
  const emitter = service.events as unknown as NodeJS.EventEmitter;
  for (const channel of EVENT_CHANNELS) {
    emitter.on(channel, (payload: IpcEventContract[typeof channel]) =>
      windows.send(channel, payload),
    );
  }
}
