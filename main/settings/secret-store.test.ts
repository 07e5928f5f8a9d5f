/**
 * The password store over a real conf file. safeStorage cannot run outside Electron, so a
 * small FAKE stands in for it: a reversible byte scramble behind a marker (enough to prove the
 * clear password never reaches the file), with Electron 45's availability rule on Linux
 * (`basic_text` encrypts only after setUsePlainTextEncryption(true)) and key rotation.
 */
import { afterEach, describe, expect, test } from 'vitest';
import Conf from 'conf';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createInsecureMemorySecretStore,
  openSafeStorageSecretStore,
  type SafeStorageLike,
} from './secret-store.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

interface FakeOptions {
  /** false: no keychain at all (a locked-down Mac, say). */
  keychain?: boolean;
  backend?: 'gnome_libsecret' | 'basic_text';
  /** The key was rotated: every decryption asks for a re-encryption, under marker v11. */
  rotated?: boolean;
}

/** FAKE safeStorage: XOR with 0x5a behind a version marker, so decryption can fail. */
function fakeSafeStorage(options: FakeOptions = {}) {
  let plainText = false;
  const backend = options.backend ?? 'gnome_libsecret';
  const current = Buffer.from(options.rotated ? 'v11' : 'v10');
  const available = () => (options.keychain ?? true) && (backend !== 'basic_text' || plainText);
  const fake: SafeStorageLike & { encryptions: number } = {
    encryptions: 0,
    setUsePlainTextEncryption: (value) => void (plainText = value),
    isAsyncEncryptionAvailable: async () => available(),
    encryptStringAsync: async (text) => {
      if (!available()) throw new Error('Encryption is not available');
      fake.encryptions++;
      return Buffer.concat([current, Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]);
    },
    decryptStringAsync: async (encrypted) => {
      const marker = encrypted.subarray(0, 3).toString();
      if (marker !== 'v10' && marker !== 'v11') throw new Error('Error while decrypting');
      const result = Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString();
      return { result, shouldReEncrypt: !current.equals(encrypted.subarray(0, 3)) };
    },
    getSelectedStorageBackend: () => backend,
  };
  return fake;
}

async function secretsDir() {
  const dir = await mkdtemp(join(tmpdir(), 'herald-secrets-'));
  dirs.push(dir);
  return {
    dir,
    file: join(dir, 'secrets.json'),
    store: new Conf({ cwd: dir, configName: 'secrets' }),
  };
}

describe('safeStorage secret store', () => {
  test('stores the password encrypted, never in clear, and reads it back after a restart', async () => {
    const { dir, file } = await secretsDir();
    const open = () =>
      openSafeStorageSecretStore({
        safeStorage: fakeSafeStorage(),
        store: new Conf({ cwd: dir, configName: 'secrets' }),
        platform: 'linux',
      });
    const password = 'pa55-密码-😀';
    await (await open()).setPassword(password);
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(password);
    expect(onDisk).not.toContain('pa55');
    expect(JSON.parse(onDisk)).toEqual({
      accountPassword: expect.stringMatching(/^[A-Za-z0-9+/=]+$/),
    });
    const reopened = await open();
    expect(reopened.hasPassword()).toBe(true);
    expect(await reopened.getPassword()).toBe(password);
    await reopened.setPassword(null);
    expect(reopened.hasPassword()).toBe(false);
    expect(await (await open()).getPassword()).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({});
  });

  test('Linux without a keyring (basic_text) saves the password, reported as weak', async () => {
    const { store } = await secretsDir();
    const secrets = await openSafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      store,
      platform: 'linux',
    });
    expect(secrets.backend()).toBe('weak');
    await secrets.setPassword('secret');
    expect(await secrets.getPassword()).toBe('secret');
  });

  test('backend: strong normally, basic_text is only weak on Linux, unavailable without a keychain', async () => {
    const { store } = await secretsDir();
    const backend = async (platform: NodeJS.Platform, fake: SafeStorageLike) =>
      (await openSafeStorageSecretStore({ safeStorage: fake, store, platform })).backend();
    expect(await backend('linux', fakeSafeStorage())).toBe('strong');
    expect(await backend('darwin', fakeSafeStorage())).toBe('strong');
    expect(await backend('darwin', fakeSafeStorage({ keychain: false }))).toBe('unavailable');
  });

  test('a rotated key stores the password again under the new key', async () => {
    const { store } = await secretsDir();
    const before = await openSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(),
      store,
      platform: 'win32',
    });
    await before.setPassword('secret');
    const written = store.store.accountPassword;
    const rotated = fakeSafeStorage({ rotated: true });
    const after = await openSafeStorageSecretStore({
      safeStorage: rotated,
      store,
      platform: 'win32',
    });
    expect(await after.getPassword()).toBe('secret');
    expect(rotated.encryptions).toBe(1);
    expect(store.store.accountPassword).not.toBe(written);
    expect(
      Buffer.from(String(store.store.accountPassword), 'base64').subarray(0, 3).toString(),
    ).toBe('v11');
    expect(await after.getPassword()).toBe('secret');
    expect(rotated.encryptions).toBe(1);
  });

  test('unavailable encryption refuses to store; an undecryptable value reads as no password', async () => {
    const { store } = await secretsDir();
    const unavailable = await openSafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ keychain: false }),
      store,
      platform: 'linux',
    });
    await expect(unavailable.setPassword('x')).rejects.toThrow(/no secure storage/);
    expect(store.store).toEqual({});

    // A keychain reset: the value is forgotten at once, so Settings asks for the password.
    store.store = { accountPassword: Buffer.from('garbage').toString('base64'), other: 1 };
    const problems: string[] = [];
    const secrets = await openSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(),
      store,
      platform: 'linux',
      onProblem: (message) => problems.push(message),
    });
    expect(secrets.hasPassword()).toBe(false);
    expect(await secrets.getPassword()).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/cannot be decrypted/)]);
    expect(store.store).toEqual({ other: 1 });
  });
});

describe('insecure memory secret store (test fake)', () => {
  test('keeps a password in memory and mimics an unavailable backend', async () => {
    const secrets = createInsecureMemorySecretStore();
    await secrets.setPassword('p');
    expect(await secrets.getPassword()).toBe('p');
    expect(secrets.hasPassword()).toBe(true);
    const none = createInsecureMemorySecretStore({ backend: 'unavailable' });
    await expect(none.setPassword('p')).rejects.toThrow();
  });
});
