/**
 * Opening the profile's settings and secrets files, with real conf files standing in for
 * electron-store and a FAKE safeStorage (no keychain here).
 */
import Conf from 'conf';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openSettings } from './open-settings.ts';
import type { SafeStorageLike } from './secret-store.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** FAKE safeStorage of a Linux session without a keyring. */
const noKeyring: SafeStorageLike = {
  isAsyncEncryptionAvailable: async () => false,
  encryptStringAsync: async () => {
    throw new Error('Encryption is not available');
  },
  decryptStringAsync: async () => {
    throw new Error('Decryption is not available');
  },
  setUsePlainTextEncryption: () => undefined,
};

async function open() {
  const userData = await mkdtemp(join(tmpdir(), 'herald-profile-'));
  dirs.push(userData);
  const warnings: string[] = [];
  const opening = () =>
    openSettings({
      userData,
      openStore: (store) => new Conf<Record<string, unknown>>({ cwd: userData, configName: store }),
      safeStorage: noKeyring,
      platform: 'linux',
      warn: (message) => warnings.push(message),
    });
  return { userData, warnings, opening };
}

describe('openSettings', () => {
  test('a new profile: default settings, written to settings.json; no keyring, no password store', async () => {
    const { userData, warnings, opening } = await open();
    const { settings, secrets } = await opening();
    expect(settings.get().startAtLogin).toBe(false);
    settings.update({ startAtLogin: true });
    expect(existsSync(join(userData, 'settings.json'))).toBe(true);
    expect(secrets.backend()).toBe('unavailable');
    expect(warnings).toEqual([]);
  });

  test('a damaged settings.json is moved aside, reported, and the app starts with defaults', async () => {
    const { userData, warnings, opening } = await open();
    await writeFile(join(userData, 'settings.json'), '{ not json');
    const { settings } = await opening();
    expect(settings.get().language).toBe('system');
    expect(readdirSync(userData).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(
      true,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^settings: .*settings\.json was unreadable/);
  });
});
