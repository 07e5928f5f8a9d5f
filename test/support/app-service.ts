/**
 * The desktop app's service outside Electron, for tests and the bench: its settings file in
 * the data dir, the password in memory, the shell's hooks doing nothing, English. Each
 * caller overrides what it watches (links opened, the login item…).
 */
import Conf from 'conf';
import { join } from 'node:path';
import type { InboxItem } from '../../core/inbox-storage.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import type { AppServiceDeps } from '../../main/app-service.ts';
import { createInsecureMemorySecretStore } from '../../main/settings/secret-store.ts';
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
