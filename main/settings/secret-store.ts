/**
 * The account password, encrypted with Electron's safeStorage (OS keychain / DPAPI / libsecret)
 * and kept as base64 in its own small store: never in the settings file, never in clear.
 * safeStorage is injected, so this file has no Electron import.
 *
 * It uses the asynchronous safeStorage API (Electron 45 deprecates the synchronous calls), and
 * it asks for plain-text encryption on Linux: without `setUsePlainTextEncryption(true)`,
 * Electron reports no encryption at all on the `basic_text` backend (a desktop without a
 * keyring), and saving the account would fail where the user should only be warned.
 */
import type { ConfLikeStore } from './settings-store.ts';

export type SecretBackend = 'strong' | 'weak' | 'unavailable';

export interface SecretStore {
  /**
   * 'strong' = OS keychain; 'weak' = Linux `basic_text` (obfuscated with a fixed key, shown as
   * such in Settings); 'unavailable' = no way to store a password at all.
   */
  backend(): SecretBackend;
  /** Whether a password is stored, without decrypting it. */
  hasPassword(): boolean;
  /** null when none is stored or it can no longer be decrypted (a reset keychain). */
  getPassword(): Promise<string | null>;
  /** null forgets it. Rejects when the backend is unavailable. */
  setPassword(password: string | null): Promise<void>;
}

/** The part of Electron's `safeStorage` we use (typed against electron.d.ts in the stand-in). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only; a no-op elsewhere. */
  setUsePlainTextEncryption(usePlainText: boolean): void;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

const PASSWORD_KEY = 'accountPassword';

/** Opens the store once the app is ready (safeStorage answers nothing useful before). */
export async function openSafeStorageSecretStore(options: {
  safeStorage: SafeStorageLike;
  store: ConfLikeStore;
  platform: NodeJS.Platform;
  onProblem?(message: string): void;
}): Promise<SecretStore> {
  const { safeStorage, store, platform } = options;
  if (platform === 'linux') safeStorage.setUsePlainTextEncryption(true);
  const available = await safeStorage.isAsyncEncryptionAvailable();
  // Signal does the same: basic_text is a hard-coded key, i.e. obfuscation, not protection.
  const weak = platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  const backend: SecretBackend = !available ? 'unavailable' : weak ? 'weak' : 'strong';

  const encoded = (): string | null => {
    const value = store.store[PASSWORD_KEY];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  /** Writes run one at a time, so a re-encryption never lands after a newer password. */
  let writes: Promise<unknown> = Promise.resolve();
  const write = (password: string | null, onlyIfStill?: string): Promise<void> => {
    const next = writes.then(async () => {
      if (onlyIfStill !== undefined && encoded() !== onlyIfStill) return;
      const rest = Object.fromEntries(
        Object.entries(store.store).filter(([key]) => key !== PASSWORD_KEY),
      );
      if (password === null) {
        store.store = rest;
        return;
      }
      if (backend === 'unavailable') {
        throw new Error('this system offers no secure storage for the password');
      }
      const encrypted = (await safeStorage.encryptStringAsync(password)).toString('base64');
      store.store = { ...rest, [PASSWORD_KEY]: encrypted };
    });
    writes = next.catch(() => undefined);
    return next;
  };
  const read = async (): Promise<string | null> => {
    await writes;
    const value = encoded();
    if (value === null || backend === 'unavailable') return null;
    let decrypted: { shouldReEncrypt: boolean; result: string };
    try {
      decrypted = await safeStorage.decryptStringAsync(Buffer.from(value, 'base64'));
    } catch (error) {
      options.onProblem?.(`stored password cannot be decrypted: ${(error as Error).message}`);
      return null;
    }
    if (decrypted.shouldReEncrypt) {
      // The OS rotated the key: store the password again under the new one.
      await write(decrypted.result, value).catch((error: unknown) =>
        options.onProblem?.(`could not re-encrypt the password: ${(error as Error).message}`),
      );
    }
    return decrypted.result;
  };

  // A keychain reset or a copied profile leaves a value nobody can decrypt: forget it now, so
  // "a password is stored" stays true only of one that works and Settings asks for it again.
  if (encoded() !== null && backend !== 'unavailable' && (await read()) === null) {
    await write(null);
  }

  return {
    backend: () => backend,
    hasPassword: () => backend !== 'unavailable' && encoded() !== null,
    getPassword: read,
    setPassword: (password) => write(password),
  };
}

/**
 * TEST FAKE: keeps the password in memory, unencrypted. For tests and Chromium harnesses only;
 * the app uses openSafeStorageSecretStore.
 */
export function createInsecureMemorySecretStore(
  options: { backend?: SecretBackend; password?: string } = {},
): SecretStore {
  let password = options.password ?? null;
  const backend = options.backend ?? 'strong';
  return {
    backend: () => backend,
    hasPassword: () => backend !== 'unavailable' && password !== null,
    getPassword: async () => (backend === 'unavailable' ? null : password),
    async setPassword(next) {
      if (next !== null && backend === 'unavailable') {
        throw new Error('this system offers no secure storage for the password');
      }
      password = next;
    },
  };
}
