import { describe, expect, test } from 'vitest';
import type { AccountSettings } from '../../core/desktop-api.ts';
import { createInsecureMemorySecretStore } from '../settings/secret-store.ts';
import { SettingsStore } from '../settings/settings-store.ts';
import type { EngineConfig } from './engine-runner.ts';
import { createEngineRestart, savedEngineConfig } from './engine-restart.ts';

const account: AccountSettings = {
  jid: 'alice@example.com',
  host: '',
  port: null,
  tlsMode: 'starttls',
  systemJids: ['erp@example.com'],
};

/** A config read that the test answers by hand, like a keychain prompt the user answers. */
function slowReads() {
  const pending: ((config: EngineConfig | null) => void)[] = [];
  const read = () => new Promise<EngineConfig | null>((resolve) => pending.push(resolve));
  return { read, answer: (index: number, config: EngineConfig | null) => pending[index]!(config) };
}

describe('createEngineRestart', () => {
  test('overlapping restarts: only the newest configures the engine, whichever answers first', async () => {
    const reads = slowReads();
    const configured: (string | null)[] = [];
    const restart = createEngineRestart({
      readConfig: reads.read,
      configure: async (config) => void configured.push(config?.password ?? null),
      warn: () => undefined,
    });
    const older = restart();
    const newer = restart();
    reads.answer(1, { account, password: 'new' });
    await newer;
    reads.answer(0, { account, password: 'old' });
    await older;
    expect(configured).toEqual(['new']);
  });

  test('a failing start is a warning, not a rejection', async () => {
    const warnings: string[] = [];
    const restart = createEngineRestart({
      readConfig: async () => {
        throw new Error('the keychain is locked');
      },
      configure: async () => undefined,
      warn: (message) => warnings.push(message),
    });
    await expect(restart()).resolves.toBeUndefined();
    expect(warnings).toEqual(['could not start the connection: the keychain is locked']);
  });
});

describe('savedEngineConfig', () => {
  test('the account with its password; null while either is missing', async () => {
    const settings = new SettingsStore({ store: { store: {} } });
    const secrets = createInsecureMemorySecretStore({ password: 'secret' });
    expect(await savedEngineConfig(settings, secrets)).toBeNull();
    settings.update({ account });
    expect(await savedEngineConfig(settings, secrets)).toEqual({ account, password: 'secret' });
    expect(await savedEngineConfig(settings, createInsecureMemorySecretStore())).toBeNull();
  });
});
