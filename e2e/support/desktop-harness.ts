/**
 * The renderer's Chromium harness: the BUILT renderer served on 127.0.0.1, `window.herald`
 * from the real preload code, backed by the real app service (main/app-service.ts) over the
 * real core, connected to a real Prosody. Per test: a temp data dir, a service and a browser
 * context, all stopped in teardown; one Chromium per file.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { IpcChannel, type ConnectionView, type InvokeChannel } from '../../core/desktop-api.ts';
import { newInboxItem, type InboxItem } from '../../core/inbox-storage.ts';
import type { PushDraft } from '../../core/push.ts';
import { serializePush } from '../../core/push-codec.ts';
import { createAppService, type AppService } from '../../main/app-service.ts';
import {
  createInsecureMemorySecretStore,
  type SecretBackend,
} from '../../main/settings/secret-store.ts';
import type { Peer } from '../../dev/xmpp-peer.ts';
import { useProsody, type Account, type Harness } from '../../test/support/fixture.ts';
import { makePush } from '../../test/support/pushes.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import {
  forwardServiceEvents,
  INVOKE_BINDING,
  invokeErrorText,
  pageApiScript,
} from './page-api.ts';
import { serveRenderer, type StaticServer } from './static-server.ts';
import { seedInbox, testAppServiceDeps } from '../../test/support/app-service.ts';

export type WindowName = 'inbox' | 'settings';

export interface WindowOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export interface Connected {
  user: Account;
  system: Account;
  /** The system account's session: what a business system's gateway would be. */
  sender: Peer;
  send(draft: PushDraft): Promise<void>;
}

export interface DesktopApp {
  service: AppService;
  dataDir: string;
  /** URLs the service handed to openExternal. */
  opened: string[];
  /** Times the service was asked to open the settings window / the log folder. */
  calls: { openSettingsWindow: number; openLogFolder: number };
  /** Uncaught page errors and console errors, per window; a clean UI has none. */
  pageErrors: string[];
  /** Dialogs (alert/confirm/prompt) any page tried to open. */
  dialogs: string[];
  openWindow(name: WindowName, options?: WindowOptions): Promise<Page>;
  /** Registers a user and a system account, saves them through the handler, waits for online. */
  connect(): Promise<Connected>;
  waitForConnection(state: ConnectionView['state']): Promise<void>;
}

export interface AppOptions {
  seed?: InboxItem[];
  secretBackend?: SecretBackend;
  /**
   * 'test' (default): stopped after the test that created it. 'file': kept until the file's
   * tests are done, for a `beforeAll` that sets up one app many tests look at.
   */
  scope?: 'test' | 'file';
  /**
   * Trust the Prosody's throwaway CA from the start (default true). false: the server's
   * certificate is refused until its CA file is chosen in Settings (a company CA).
   */
  trustServerCa?: boolean;
  /** What the CA file dialog answers (default: canceled). */
  chooseCaFile?(): Promise<string | null>;
}

export interface DesktopHarness {
  prosody: Harness;
  createApp(options?: AppOptions): Promise<DesktopApp>;
}

export function useDesktopHarness(): DesktopHarness {
  const prosody = useProsody();
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let script = '';
  const teardown: Array<() => Promise<unknown>> = [];
  const fileTeardown: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    server = await serveRenderer();
    script = await pageApiScript();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 60_000);
  afterEach(async () => {
    for (const step of teardown.splice(0).reverse()) await step().catch(() => undefined);
  });
  afterAll(async () => {
    for (const step of fileTeardown.splice(0).reverse()) await step().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function createApp(options: AppOptions = {}): Promise<DesktopApp> {
    if (!browser || !server) throw new Error('the harness is not started');
    const { origin } = server;
    const steps = options.scope === 'file' ? fileTeardown : teardown;
    const dataDir =
      options.scope === 'file'
        ? await mkdtemp(join(tmpdir(), 'herald-data-'))
        : await prosody.dataDir();
    if (options.scope === 'file') steps.push(() => rm(dataDir, { recursive: true, force: true }));
    if (options.seed) seedInbox(dataDir, options.seed);
    const opened: string[] = [];
    const calls = { openSettingsWindow: 0, openLogFolder: 0 };
    const service = createAppService(
      testAppServiceDeps(dataDir, {
        secrets: createInsecureMemorySecretStore({ backend: options.secretBackend ?? 'strong' }),
        openExternal: (url) => void opened.push(url),
        openLogFolder: () => void calls.openLogFolder++,
        openSettingsWindow: () => void calls.openSettingsWindow++,
        caFile: options.trustServerCa === false ? undefined : prosody.server.caFile,
        chooseCaFile: options.chooseCaFile ?? (async () => null),
        connectionTestTimeoutMs: 8_000,
      }),
    );
    steps.push(() => service.stop());
    service.start();

    const context: BrowserContext = await browser.newContext({
      viewport: { width: 1100, height: 700 },
    });
    steps.push(() => context.close());
    const pages: Page[] = [];
    const pageErrors: string[] = [];
    const dialogs: string[] = [];
    await context.addInitScript({ content: script });
    await context.exposeBinding(
      INVOKE_BINDING,
      async (_source, channel: InvokeChannel, args: unknown[]) => {
        const handler = service.handlers[channel] as (...a: unknown[]) => Promise<unknown>;
        try {
          return await handler(...args);
        } catch (error) {
          // What Electron hands the page instead of the error itself.
          throw new Error(invokeErrorText(channel, error), { cause: error });
        }
      },
    );
    forwardServiceEvents(service, () => pages);

    const app: DesktopApp = {
      service,
      dataDir,
      opened,
      calls,
      pageErrors,
      dialogs,
      async openWindow(name, windowOptions = {}) {
        const page = await context.newPage();
        pages.push(page);
        page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') pageErrors.push(`${name} console: ${message.text()}`);
        });
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        if (windowOptions.viewport) await page.setViewportSize(windowOptions.viewport);
        await page.emulateMedia({ colorScheme: windowOptions.colorScheme ?? 'light' });
        const file = name === 'inbox' ? 'index.html' : 'settings.html';
        await page.goto(`${origin}/${file}`);
        return page;
      },
      async connect() {
        const user = await prosody.account('alice');
        const system = await prosody.account('notify');
        const sender = await prosody.peer(system);
        const online = app.waitForConnection('online');
        const saved = await service.handlers[IpcChannel.saveSettings]({
          account: {
            jid: user.jid,
            host: '',
            port: prosody.server.c2sPort,
            tlsMode: 'starttls',
            systemJids: [system.jid],
          },
          password: user.password,
        });
        if (!saved.ok)
          throw new Error(`saving the account failed: ${JSON.stringify(saved.errors)}`);
        await online;
        return {
          user,
          system,
          sender,
          send: (draft) => sender.sendAcked(serializePush(draft, user.jid)),
        };
      },
      waitForConnection(state) {
        return new Promise((resolve, reject) => {
          if (service.connection().state === state) return resolve();
          const timer = setTimeout(() => {
            service.events.off('connection', listener);
            reject(new Error(`connection never became ${state}: ${service.connection().state}`));
          }, 20_000);
          const listener = (view: ConnectionView) => {
            if (view.state !== state) return;
            clearTimeout(timer);
            service.events.off('connection', listener);
            resolve();
          };
          service.events.on('connection', listener);
        });
      },
    };
    return app;
  }

  return { prosody, createApp };
}

/** A stored inbox item with defaults, for seeding: a test push, unread and open. */
export function makeItem(overrides: Partial<InboxItem> & { id: string }): InboxItem {
  const at = overrides.sentAt ?? Date.now();
  const defaults = {
    title: `Title ${overrides.id}`,
    body: `Body ${overrides.id}`,
    sentAt: at,
    receivedAt: at,
  };
  return { ...newInboxItem(makePush({ ...defaults, ...overrides })), ...overrides };
}
