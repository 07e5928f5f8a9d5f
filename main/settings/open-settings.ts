/**
 * Opens the two files of the profile folder: settings.json (the settings) and secrets.json
 * (the password, encrypted with safeStorage). A file that is not readable JSON is moved aside
 * and started afresh (openStoreResiliently); every problem is reported as one log line.
 */
import { join } from 'node:path';
import {
  openSafeStorageSecretStore,
  type SafeStorageLike,
  type SecretStore,
} from './secret-store.ts';
import { openStoreResiliently, SettingsStore, type ConfLikeStore } from './settings-store.ts';

export interface OpenSettingsOptions {
  /** The profile folder (app.getPath('userData')), where the store opens `<name>.json`. */
  userData: string;
  /** electron-store: `new ElectronStore({ name })`. */
  openStore(name: 'settings' | 'secrets'): ConfLikeStore;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  warn(message: string): void;
}

export async function openSettings(
  options: OpenSettingsOptions,
): Promise<{ settings: SettingsStore; secrets: SecretStore }> {
  const onProblem = (message: string) => options.warn(`settings: ${message}`);
  const open = (name: 'settings' | 'secrets') =>
    openStoreResiliently({
      open: () => options.openStore(name),
      file: join(options.userData, `${name}.json`),
      onProblem,
    });
  const settingsFile = open('settings');
  const secretsFile = open('secrets');
  const settings = new SettingsStore({ store: settingsFile, onProblem });
  const secrets = await openSafeStorageSecretStore({
    safeStorage: options.safeStorage,
    store: secretsFile,
    platform: options.platform,
    onProblem,
  });
  return { settings, secrets };
}
