/**
 * The one wrapper around `ipcMain.handle`: every invoke channel of the contract is registered
 * here, and every call first proves it comes from our own renderer page (top frame, our
 * file:// page or the dev server in development). The handlers themselves check their
 * arguments (app-service.ts). Written against a small injected interface, so tests drive it
 * with fake IPC events; main/index.ts passes the real ipcMain.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import {
  IpcChannel,
  type InvokeChannel,
  type InvokeHandlers,
  type EventChannel,
} from '../../core/desktop-api.ts';

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent?: unknown } | null;
}

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface RendererLocation {
  /** out/renderer: the pages we load from file://. */
  rendererDir: string;
  /** The page files in it that may call us. */
  pages: readonly string[];
  /** ELECTRON_RENDERER_URL in development, else undefined. */
  devServerUrl?: string;
}

/** Whether a frame URL is one of our own renderer pages. */
export function isOwnRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.devServerUrl) {
    try {
      if (parsed.origin === new URL(location.devServerUrl).origin && parsed.origin !== 'null') {
        return true;
      }
    } catch {
      // A malformed dev URL trusts nothing.
    }
  }
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
  let path: string;
  try {
    path = resolve(fileURLToPath(parsed));
  } catch {
    return false;
  }
  return location.pages.some((page) => path === resolve(location.rendererDir, page));
}

/** Like InvalidArgumentsError, its name is the code a window words; the message is for the log. */
export class UntrustedSenderError extends Error {
  override name = 'UntrustedSenderError';
}

/** main → renderer channels (never registered as handlers). */
export const EVENT_CHANNELS: readonly EventChannel[] = [
  IpcChannel.inboxChanged,
  IpcChannel.connectionChanged,
  IpcChannel.settingsChanged,
  IpcChannel.focusItem,
];

/** Every renderer → main channel of the contract. */
export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.values(IpcChannel).filter(
  (channel): channel is InvokeChannel => !(EVENT_CHANNELS as readonly string[]).includes(channel),
);

/**
 * Registers every invoke channel; returns a function that removes them again.
 * A call from anywhere but our renderer is refused (and reported) before its handler runs.
 */
export function registerInvokeHandlers(options: {
  ipc: IpcMainLike;
  handlers: InvokeHandlers;
  renderer: RendererLocation;
  onRefused?(channel: string, reason: string): void;
}): () => void {
  const { ipc, handlers, renderer } = options;
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    ipc.handle(channel, async (event, ...args) => {
      const frame = event.senderFrame;
      const reason = !frame
        ? 'the sending frame is gone'
        : frame.parent
          ? 'calls from sub-frames are not accepted'
          : !isOwnRendererUrl(frame.url, renderer)
            ? `${frame.url} is not a Herald page`
            : null;
      if (reason) {
        options.onRefused?.(channel, reason);
        throw new UntrustedSenderError(`${channel} refused: ${reason}`);
      }
      return handler(...args);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipc.removeHandler(channel);
  };
}
