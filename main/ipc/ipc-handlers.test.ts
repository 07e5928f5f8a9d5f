/**
 * The IPC registration with the app service's real handlers (real inbox file, real conf
 * settings) and a FAKE ipcMain (Electron's cannot run here) that delivers fake invoke events.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IpcChannel } from '../../core/desktop-api.ts';
import { createAppService, type AppService } from '../app-service.ts';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  isOwnRendererUrl,
  registerInvokeHandlers,
  type InvokeEventLike,
  type IpcMainLike,
} from './ipc-handlers.ts';
import { testAppServiceDeps } from '../../test/support/app-service.ts';

const rendererDir = join('/opt/Herald/resources/app.asar/out/renderer');
const renderer = { rendererDir, pages: ['index.html', 'settings.html'] };
const inboxUrl = pathToFileURL(join(rendererDir, 'index.html')).href;
const settingsUrl = pathToFileURL(join(rendererDir, 'settings.html')).href;

/** FAKE ipcMain: keeps the registered listeners and invokes them with a made-up sender. */
function fakeIpcMain() {
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    removeHandler: (channel) => void listeners.delete(channel),
  };
  const invoke = (
    frame: InvokeEventLike['senderFrame'],
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame }, ...args);
  };
  return { ipc, listeners, invoke };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-ipc-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const service: AppService = createAppService(testAppServiceDeps(dataDir));
  cleanups.push(() => service.stop());
  const fake = fakeIpcMain();
  const refused: string[] = [];
  const unregister = registerInvokeHandlers({
    ipc: fake.ipc,
    handlers: service.handlers,
    renderer,
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
  });
  return { service, ...fake, refused, unregister };
}

describe('registration', () => {
  test('every invoke channel of the contract is registered once, event channels never', async () => {
    const { listeners, unregister } = await setup();
    expect([...listeners.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(INVOKE_CHANNELS).toHaveLength(17);
    for (const channel of EVENT_CHANNELS) expect(listeners.has(channel)).toBe(false);
    unregister();
    expect(listeners.size).toBe(0);
  });

  test('our own pages are answered', async () => {
    const { invoke } = await setup();
    const top = (url: string) => ({ url, parent: null });
    expect(await invoke(top(inboxUrl), IpcChannel.getInbox)).toMatchObject({ items: [] });
    expect(await invoke(top(`${settingsUrl}#account`), IpcChannel.getConnection)).toEqual({
      state: 'unconfigured',
    });
  });
});

describe('refused senders', () => {
  test.each([
    ['a web page', 'https://evil.example/index.html'],
    ['another local file', pathToFileURL('/tmp/index.html').href],
    ['a path that climbs out', `${pathToFileURL(rendererDir).href}/../../evil/index.html`],
    ['a file:// URL with a host', 'file://attacker/share/out/renderer/index.html'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
    ['not a URL', 'index.html'],
  ])('%s is refused and no handler runs', async (_name, url) => {
    const { invoke, service, refused } = await setup();
    await expect(
      invoke({ url, parent: null }, IpcChannel.saveSettings, { startAtLogin: true }),
    ).rejects.toThrow(/^settings:save refused: .* is not a Herald page$/);
    expect(service.settingsView().startAtLogin).toBe(false);
    expect(refused).toHaveLength(1);
  });

  test('a sub-frame inside our page and a destroyed frame are refused', async () => {
    const { invoke } = await setup();
    await expect(
      invoke({ url: inboxUrl, parent: { url: inboxUrl } }, IpcChannel.getInbox),
    ).rejects.toThrow('inbox:get refused: calls from sub-frames are not accepted');
    await expect(invoke(null, IpcChannel.getInbox)).rejects.toThrow(
      'inbox:get refused: the sending frame is gone',
    );
  });
});

describe('arguments through IPC', () => {
  test('bad arguments from our own page are rejected with a clear error and change nothing', async () => {
    const { invoke, service } = await setup();
    const frame = { url: inboxUrl, parent: null };
    await expect(invoke(frame, IpcChannel.setRead, 'id', 'yes')).rejects.toThrow(
      'inbox:set-read: argument 2: read must be true or false',
    );
    await expect(invoke(frame, IpcChannel.markAllRead, 'everything')).rejects.toThrow(
      /inbox:mark-all-read: argument 1: the kind must be one of todo, news, notice/,
    );
    await expect(invoke(frame, IpcChannel.setDnd, { until: 1 })).rejects.toThrow(
      /settings:set-dnd: argument 1: do-not-disturb must be/,
    );
    await expect(invoke(frame, IpcChannel.getInbox, 'extra')).rejects.toThrow(
      'inbox:get: expected at most 0 argument(s), got 1',
    );
    expect(service.settingsView().notifications.dndUntil).toBeNull();
  });
});

describe('isOwnRendererUrl', () => {
  test('the dev server origin is trusted only in development', () => {
    const dev = { ...renderer, devServerUrl: 'http://localhost:5173' };
    expect(isOwnRendererUrl('http://localhost:5173/settings.html', dev)).toBe(true);
    expect(isOwnRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnRendererUrl('http://localhost:5173/', renderer)).toBe(false);
    expect(isOwnRendererUrl(`${inboxUrl}?x=1`, renderer)).toBe(true);
  });
});
