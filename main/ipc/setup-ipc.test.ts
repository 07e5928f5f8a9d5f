/**
 * The app service on IPC with its real handlers (temp data dir) and a FAKE ipcMain and window
 * manager: our page's call is answered, and the service's events reach the windows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { IpcChannel } from '../../core/desktop-api.ts';
import { testAppServiceDeps } from '../../test/support/app-service.ts';
import { createAppService } from '../app-service.ts';
import type { IpcMainLike } from './ipc-handlers.ts';
import { setupIpc } from './setup-ipc.ts';

const rendererDir = join('/opt/Herald/resources/app.asar/out/renderer');
const inbox = { url: pathToFileURL(join(rendererDir, 'index.html')).href, parent: null };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-setup-ipc-'));
  const service = createAppService(testAppServiceDeps(dataDir));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  cleanups.push(() => service.stop());
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const sent: [string, unknown][] = [];
  const refused: string[] = [];
  setupIpc({
    ipc: {
      handle: (channel, listener) => void listeners.set(channel, listener),
      removeHandler() {},
    },
    service,
    windows: { send: (channel, payload) => void sent.push([channel, payload]) },
    renderer: { rendererDir, pages: ['index.html', 'settings.html'] },
    onRefused: (channel, reason) => void refused.push(`${channel}: ${reason}`),
  });
  const invoke = (frame: { url: string; parent: null }, channel: string, ...args: unknown[]) =>
    listeners.get(channel)!({ senderFrame: frame }, ...args);
  return { service, sent, refused, invoke };
}

describe('setupIpc', () => {
  test('a save from our page is answered and its settings:changed event reaches the windows', async () => {
    const { sent, invoke } = await setup();
    const result = await invoke(inbox, IpcChannel.saveSettings, { language: 'zh-CN' });
    expect(result).toMatchObject({ ok: true });
    expect(sent.map(([channel]) => channel)).toEqual([IpcChannel.settingsChanged]);
    expect(sent[0]![1]).toMatchObject({ effectiveLanguage: 'zh-CN' });
  });

  test('a call from a web page is refused and reported', async () => {
    const { refused, invoke } = await setup();
    await expect(
      invoke({ url: 'https://evil.example/', parent: null }, IpcChannel.getInbox),
    ).rejects.toThrow(/refused/);
    expect(refused).toEqual(['inbox:get: https://evil.example/ is not a Herald page']);
  });

  test('events that are not for the renderer stay in main', async () => {
    const { service, sent } = await setup();
    service.events.emit('warning', 'for the log only');
    service.events.emit('unread', 3);
    expect(sent).toEqual([]);
  });
});
