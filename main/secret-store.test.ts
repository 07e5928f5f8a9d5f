/**
 * The password store over a real conf file. safeStorage cannot run outside Electron, so a
 * small FAKE stands in for it (a reversible byte scramble with a marker, enough to prove
 * the clear password never reaches the file).
 */
import { afterEach, describe, expect, test } from 'vitest';
import Conf from 'conf';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createInsecureMemorySecretStore,
  createSafeStorageSecretStore,
  type SafeStorageLike,
} from './secret-store.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** FAKE safeStorage: XOR with 0x5a behind a marker, so decryption can fail like the real one. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const marker = Buffer.from('v10');
  const fake: SafeStorageLike = {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (text) =>
      Buffer.concat([marker, Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]),
    decryptString: (encrypted) => {
      if (!encrypted.subarray(0, 3).equals(marker)) throw new Error('Error while decrypting');
      return Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
  return fake;
}

async function secretsFile() {
  const dir = await mkdtemp(join(tmpdir(), 'herald-secrets-'));
  dirs.push(dir);
  return { dir, file: join(dir, 'secrets.json') };
}

describe('safeStorage secret store', () => {
  test('stores the password encrypted, never in clear, and reads it back after a restart', async () => {
    const { dir, file } = await secretsFile();
    const open = () =>
      createSafeStorageSecretStore({
        safeStorage: fakeSafeStorage(),
        store: new Conf({ cwd: dir, configName: 'secrets' }),
        platform: 'linux',
      });
    const password = 'pa55-密码-😀';
    open().setPassword(password);
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(password);
    expect(onDisk).not.toContain('pa55');
    expect(JSON.parse(onDisk)).toEqual({
      accountPassword: expect.stringMatching(/^[A-Za-z0-9+/=]+$/),
    });
    expect(open().getPassword()).toBe(password);
    open().setPassword(null);
    expect(open().getPassword()).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({});
  });

  test('backend: strong normally, weak on Linux basic_text, unavailable without encryption', async () => {
    const { dir } = await secretsFile();
    const store = new Conf({ cwd: dir, configName: 'secrets' });
    const backend = (platform: NodeJS.Platform, fake: SafeStorageLike) =>
      createSafeStorageSecretStore({ safeStorage: fake, store, platform }).backend();
    expect(backend('linux', fakeSafeStorage())).toBe('strong');
    expect(backend('linux', fakeSafeStorage({ backend: 'basic_text' }))).toBe('weak');
    expect(backend('win32', fakeSafeStorage({ backend: 'basic_text' }))).toBe('strong');
    expect(backend('darwin', fakeSafeStorage({ available: false }))).toBe('unavailable');
  });

  test('unavailable encryption refuses to store; an undecryptable value reads as no password', async () => {
    const { dir } = await secretsFile();
    const store = new Conf({ cwd: dir, configName: 'secrets' });
    const unavailable = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: false }),
      store,
      platform: 'linux',
    });
    expect(() => unavailable.setPassword('x')).toThrow(/no secure storage/);
    expect(store.store).toEqual({});

    store.store = { accountPassword: Buffer.from('garbage').toString('base64') };
    const problems: string[] = [];
    const secrets = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(),
      store,
      platform: 'linux',
      onProblem: (message) => problems.push(message),
    });
    expect(secrets.getPassword()).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/cannot be decrypted/)]);
  });
});

describe('insecure memory secret store (test fake)', () => {
  test('keeps a password in memory and mimics an unavailable backend', () => {
    const secrets = createInsecureMemorySecretStore();
    secrets.setPassword('p');
    expect(secrets.getPassword()).toBe('p');
    const none = createInsecureMemorySecretStore({ backend: 'unavailable' });
    expect(() => none.setPassword('p')).toThrow();
  });
});
