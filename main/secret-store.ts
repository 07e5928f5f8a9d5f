/**
 * The account password, encrypted with Electron's safeStorage (OS keychain / DPAPI / libsecret)
 * and kept as base64 in its own small store: never in the settings file, never in clear.
 * safeStorage is injected, so this file has no Electron import.
 */
import type { ConfLikeStore } from './settings-store.ts';

export type SecretBackend = 'strong' | 'weak' | 'unavailable';

export interface SecretStore {
  /**
   * 'strong' = OS keychain; 'weak' = Linux `basic_text` (obfuscated with a fixed key, shown as
   * such in Settings); 'unavailable' = no way to store a password at all.
   */
  backend(): SecretBackend;
  getPassword(): string | null;
  /** null forgets it. Throws when the backend is unavailable. */
  setPassword(password: string | null): void;
}

/** The part of Electron's `safeStorage` we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

const PASSWORD_KEY = 'accountPassword';

export function createSafeStorageSecretStore(options: {
  safeStorage: SafeStorageLike;
  store: ConfLikeStore;
  platform: NodeJS.Platform;
  onProblem?(message: string): void;
}): SecretStore {
  const { safeStorage, store, platform } = options;
  const backend = (): SecretBackend => {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    // Signal does the same: basic_text is a hard-coded key, i.e. obfuscation, not protection.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'weak';
    }
    return 'strong';
  };
  return {
    backend,
    getPassword() {
      const encoded = store.store[PASSWORD_KEY];
      if (typeof encoded !== 'string' || encoded === '' || backend() === 'unavailable') return null;
      try {
        return safeStorage.decryptString(Buffer.from(encoded, 'base64'));
      } catch (error) {
        // A keychain reset or a copied profile: the user has to enter the password again.
        options.onProblem?.(`stored password cannot be decrypted: ${(error as Error).message}`);
        return null;
      }
    },
    setPassword(password) {
      const rest = Object.fromEntries(
        Object.entries(store.store).filter(([key]) => key !== PASSWORD_KEY),
      );
      if (password === null) {
        store.store = rest;
        return;
      }
      if (backend() === 'unavailable') {
        throw new Error('this system offers no secure storage for the password');
      }
      const encrypted = safeStorage.encryptString(password).toString('base64');
      store.store = { ...rest, [PASSWORD_KEY]: encrypted };
    },
  };
}

/**
 * TEST FAKE: keeps the password in memory, unencrypted. For tests and Chromium harnesses only;
 * the app uses createSafeStorageSecretStore.
 */
export function createInsecureMemorySecretStore(
  options: { backend?: SecretBackend; password?: string } = {},
): SecretStore {
  let password = options.password ?? null;
  const backend = options.backend ?? 'strong';
  return {
    backend: () => backend,
    getPassword: () => (backend === 'unavailable' ? null : password),
    setPassword(next) {
      if (next !== null && backend === 'unavailable') {
        throw new Error('this system offers no secure storage for the password');
      }
      password = next;
    },
  };
}
