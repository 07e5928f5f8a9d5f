/**
 * The desktop app's service outside Electron, for tests and the bench: its settings file in
 * the data dir, the password in memory, the shell's hooks doing nothing, English. Each
 * caller overrides what it watches (links opened, the login item…).
 */
import Conf from 'conf';
import { join } from 'node:path';
import type { InboxItem } from '../../core/inbox-storage.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { IpcChannel } from '../../core/desktop-api.ts';
import type { XmppServer } from '../../dev/xmpp-server.ts';
import {
  createAppService,
  type AppService,
  type AppServiceDeps,
  type AppServiceEvents,
} from '../../main/app-service.ts';
import {
  createInsecureMemorySecretStore,
  type SecretStore,
} from '../../main/settings/secret-store.ts';
import type { Account } from './fixture.ts';
import { SettingsStore } from '../../main/settings/settings-store.ts';

export function testAppServiceDeps(
  dataDir: string,
  overrides: Partial<AppServiceDeps> = {},
): AppServiceDeps {
  return {
    dataDir,
    settings: new SettingsStore({ store: new Conf({ cwd: dataDir, configName: 'settings' }) }),
    secrets: createInsecureMemorySecretStore(),
    openExternal: () => undefined,
    openLogFolder: () => undefined,
    openSettingsWindow: () => undefined,
    applyStartAtLogin: () => undefined,
    systemLocale: 'en-US',
    ...overrides,
  };
}

/** Writes items straight into the data dir's inbox.sqlite, before a service opens it. */
export function seedInbox(dataDir: string, items: InboxItem[]): void {
  const { storage } = openSqliteInboxStorage(join(dataDir, 'inbox.sqlite'));
  storage.write({ upsert: items, remove: [], seen: [], meta: {} });
  storage.close();
}

/** Resolves with the first payload of `name` that matches (subscribe before acting). */
export function nextServiceEvent<K extends keyof AppServiceEvents>(
  service: AppService,
  name: K,
  match: (payload: AppServiceEvents[K][0]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<AppServiceEvents[K][0]> {
  return new Promise((resolve, reject) => {
    const emitter = service.events as unknown as NodeJS.EventEmitter;
    const timer = setTimeout(() => {
      emitter.off(name, listener);
      reject(new Error(`no matching "${String(name)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: AppServiceEvents[K][0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      emitter.off(name, listener);
      resolve(payload);
    };
    emitter.on(name, listener);
  });
}

/** The desktop app's service logged in as one of the user's devices (see startAppDevice). */
export interface AppDevice {
  service: AppService;
  dataDir: string;
  /** Kept across restarts: the password saved on the first start. */
  secrets: SecretStore;
  stop(): Promise<void>;
}

/**
 * Starts the app's service on `dataDir` against a test server and waits until it is online
 * and caught up with the archive. The first start saves the account through Settings' handler
 * (system JIDs, password); a restart (`secrets` of an earlier device on the same folder) logs
 * in with what was saved, as the app does when it starts again.
 */
export async function startAppDevice(
  server: XmppServer,
  user: Account,
  systemJids: string[],
  options: { dataDir: string; secrets?: SecretStore },
): Promise<AppDevice> {
  const secrets = options.secrets ?? createInsecureMemorySecretStore();
  const service = createAppService(
    testAppServiceDeps(options.dataDir, { secrets, caFile: server.caFile }),
  );
  const synced = nextServiceEvent(service, 'synced', () => true, 30_000);
  service.start();
  if (!options.secrets) {
    const saved = await service.handlers[IpcChannel.saveSettings]({
      account: {
        jid: user.jid,
        host: '',
        port: server.c2sPort,
        tlsMode: 'starttls',
        systemJids,
      },
      password: user.password,
    });
    if (!saved.ok) throw new Error(`saving the account failed: ${JSON.stringify(saved.errors)}`);
  }
  try {
    await synced;
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { service, dataDir: options.dataDir, secrets, stop: () => service.stop() };
}
