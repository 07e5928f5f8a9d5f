/**
 * The built inbox window in Debian's Chromium with `window.herald` from the real preload code,
 * backed by the real app service (main/app-service.ts) over the real core, connected to the
 * bench's Prosody: e2e/support's pieces, without vitest. Each invoke is timed in the page,
 * so the IPC share of the first render is known (the test transport is Playwright's binding
 * over CDP, slower than Electron's IPC).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { chromium, type Browser, type Page } from 'playwright';
import { IpcChannel, type InvokeChannel } from '../../core/desktop-api.ts';
import type { InboxItem } from '../../core/inbox-storage.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium.ts';
import { forwardServiceEvents, pageApiScript } from '../../e2e/support/page-api.ts';
import { RENDERER_DIR, serveRenderer } from '../../e2e/support/static-server.ts';
import { createAppService, type AppService } from '../../main/app-service.ts';
import type { BenchServer } from './prosody.ts';
import { PROBE_SCRIPT, TIMED_INVOKE_BINDING } from './renderer-probe.ts';
import type { Scope } from '../scope.ts';
import { testAppServiceDeps, seedInbox } from '../../test/support/app-service.ts';

export interface RendererApp {
  service: AppService;
  browser: Browser;
  page: Page;
  inboxUrl: string;
  /** Per `inbox:get` call: what Electron's IPC would cost instead of the test binding. */
  snapshotCosts: SnapshotCost[];
}

export interface SnapshotCost {
  /** The app service's handler (inbox.list + counts), the same in the app. */
  handlerMs: number;
  /** Electron's IPC copies with V8's structured clone: serialize in main, deserialize in the page. */
  cloneMs: number;
  bytes: number;
}

export function rendererIsBuilt(): boolean {
  return existsSync(join(RENDERER_DIR, 'index.html'));
}

export async function startRendererApp(options: {
  seed: InboxItem[];
  bench: BenchServer;
  dataDir: string;
  scope: Scope;
}): Promise<RendererApp> {
  const { bench, dataDir, scope } = options;
  mkdirSync(dataDir, { recursive: true });
  seedInbox(dataDir, options.seed);

  const service = createAppService(testAppServiceDeps(dataDir, { caFile: bench.server.caFile }));
  scope.defer('app service', () => service.stop());
  service.start();
  await connect(service, bench);

  const server = await serveRenderer();
  scope.defer('renderer server', () => server.close());
  const script = await pageApiScript();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  scope.defer('Chromium', () => browser.close());
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  // The probe first: it defines the invoke function the page API script calls.
  await context.addInitScript({ content: PROBE_SCRIPT });
  await context.addInitScript({ content: script });
  const snapshotCosts: SnapshotCost[] = [];
  await context.exposeBinding(
    TIMED_INVOKE_BINDING,
    async (_source, channel: InvokeChannel, args: unknown[]) => {
      const started = performance.now();
      const result = await (service.handlers[channel] as (...a: unknown[]) => Promise<unknown>)(
        ...args,
      );
      if (channel === IpcChannel.getInbox)
        snapshotCosts.push(cloneCost(result, performance.now() - started));
      return result;
    },
  );
  const page = await context.newPage();
  forwardServiceEvents(service, () => [page]);
  return { service, browser, page, inboxUrl: `${server.origin}/index.html`, snapshotCosts };
}

function cloneCost(snapshot: unknown, handlerMs: number): SnapshotCost {
  const started = performance.now();
  const bytes = serialize(snapshot);
  deserialize(bytes);
  return { handlerMs, cloneMs: performance.now() - started, bytes: bytes.length };
}

/** Saves an account through the settings handler, as the settings window would, and waits for online. */
async function connect(service: AppService, bench: BenchServer): Promise<void> {
  const user = await bench.account('ui-user');
  const system = await bench.account('ui-notify');
  const online = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the app service never came online')), 60_000);
    service.events.on('connection', (view) => {
      if (view.state !== 'online') return;
      clearTimeout(timer);
      resolve();
    });
  });
  const saved = await service.handlers[IpcChannel.saveSettings]({
    account: {
      jid: user.jid,
      host: '',
      port: bench.server.c2sPort,
      tlsMode: 'starttls',
      systemJids: [system.jid],
    },
    password: user.password,
  });
  if (!saved.ok) throw new Error(`saving the account failed: ${JSON.stringify(saved.errors)}`);
  await online;
}
