/**
 * (Re)starting the connection with the saved account and password. Decrypting the password
 * takes a while (a keychain prompt, even), so restarts can overlap: only the newest one may
 * configure the engine, and a failure is a warning, never a rejection.
 */
import type { SecretStore } from '../settings/secret-store.ts';
import { isAccountConfigured } from '../settings/settings-schema.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { EngineConfig } from './engine-runner.ts';

export interface EngineRestartDeps {
  /** The account and password to connect with; null while either is missing. */
  readConfig(): Promise<EngineConfig | null>;
  configure(config: EngineConfig | null): Promise<void>;
  warn(message: string): void;
}

export function createEngineRestart(deps: EngineRestartDeps): () => Promise<void> {
  let restarts = 0;
  return () => {
    const restart = ++restarts;
    return deps
      .readConfig()
      .then((config) => (restart === restarts ? deps.configure(config) : undefined))
      .catch((error: unknown) => {
        deps.warn(`could not start the connection: ${(error as Error).message}`);
      });
  };
}

/** The saved account with its password, or null while either is missing. */
export async function savedEngineConfig(
  settings: Pick<SettingsStore, 'get'>,
  secrets: Pick<SecretStore, 'getPassword'>,
): Promise<EngineConfig | null> {
  const { account } = settings.get();
  if (!isAccountConfigured(account)) return null;
  const password = await secrets.getPassword();
  return password ? { account, password } : null;
}
