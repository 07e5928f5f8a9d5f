/**
 * Settings' Save over a real SettingsStore (in memory), the memory password store and the
 * real CA file checks; the login item, CA trust and the engine restart are recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { AccountSettings, SettingsView } from '../../core/desktop-api.ts';
import { createTestCertificates } from '../../dev/test-certificates.ts';
import { createCaFileSetting } from './ca-file-setting.ts';
import { createSaveSettings } from './save-settings.ts';
import { createInsecureMemorySecretStore, type SecretBackend } from './secret-store.ts';
import { SettingsStore } from './settings-store.ts';

const account: AccountSettings = {
  jid: 'alice@example.com',
  host: '',
  port: null,
  tlsMode: 'starttls',
  systemJids: ['erp@example.com'],
};

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function setup(options: { backend?: SecretBackend; refuseLoginItem?: string } = {}) {
  const file = { store: {} as Record<string, unknown> };
  const settings = new SettingsStore({ store: file });
  const secrets = createInsecureMemorySecretStore({ backend: options.backend });
  const did: string[] = [];
  const saved: SettingsView[] = [];
  const view = (): SettingsView => ({
    ...settings.get(),
    hasPassword: secrets.hasPassword(),
    secretStorage: secrets.backend(),
    trayAvailable: true,
    effectiveLanguage: 'en',
  });
  const save = createSaveSettings({
    settings,
    secrets,
    caFiles: createCaFileSetting(),
    caTrust: { useCaFile: (path) => void did.push(`trust CA file ${path}`) },
    applyStartAtLogin: (enabled) => {
      if (options.refuseLoginItem) throw new Error(options.refuseLoginItem);
      did.push(`login item ${enabled}`);
    },
    setRetention: (retention) => void did.push(`retention ${retention.maxItems}`),
    restartEngine: async () => void did.push('restart'),
    settingsView: view,
    onSaved: (settingsView) => void saved.push(settingsView),
  });
  return { save, settings, secrets, file, did, saved };
}

describe('createSaveSettings', () => {
  test('a new account and password: saved, CA trust re-read, the connection restarted, everyone told', async () => {
    const { save, secrets, did, saved } = setup();
    const result = await save({ account, password: 'secret' });
    expect(result).toMatchObject({ ok: true, settings: { account, hasPassword: true } });
    expect(await secrets.getPassword()).toBe('secret');
    expect(did).toEqual(['trust CA file null', 'restart']);
    expect(saved).toHaveLength(1);
  });

  test('the same account again still re-reads the CA file, but does not reconnect', async () => {
    const { save, did } = setup();
    await save({ account });
    did.length = 0;
    await save({ account: { ...account } });
    expect(did).toEqual(['trust CA file null']);
  });

  test('a new password alone reconnects; notification and language changes do not', async () => {
    const { save, settings, did } = setup();
    await save({ password: 'new' });
    expect(did).toEqual(['restart']);
    did.length = 0;
    await save({ notifications: { hideContent: true }, language: 'zh-CN' });
    expect(did).toEqual([]);
    // A partial notifications change keeps the other preferences.
    expect(settings.get().notifications).toMatchObject({
      hideContent: true,
      urgentBreaksDnd: true,
    });
    expect(settings.get().language).toBe('zh-CN');
  });

  test('retention is applied to the inbox at once', async () => {
    const { save, did } = setup();
    await save({ retention: { maxItems: 500, maxAgeDays: 30 } });
    expect(did).toEqual(['retention 500']);
  });

  test('the login item changes only when Start at Login changes', async () => {
    const { save, did } = setup();
    await save({ startAtLogin: false });
    expect(did).toEqual([]);
    await save({ startAtLogin: true });
    expect(did).toEqual(['login item true']);
  });

  test('a refused login item refuses the whole save: nothing is written', async () => {
    const { save, file, saved } = setup({ refuseLoginItem: 'needs approval' });
    const result = await save({ startAtLogin: true, language: 'zh-CN' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'startAtLogin',
          code: 'startAtLogin.failed',
          params: { detail: 'needs approval' },
        },
      ],
    });
    expect(file.store).toEqual({});
    expect(saved).toEqual([]);
  });

  test('a password where the system has no safe storage is refused, and nothing is written', async () => {
    const { save, file, secrets } = setup({ backend: 'unavailable' });
    const result = await save({ account, password: 'secret' });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'password', code: 'password.noSafeStorage', params: {} }],
    });
    expect(file.store).toEqual({});
    expect(secrets.hasPassword()).toBe(false);
  });

  test('a CA file not picked with Choose… is refused, even a real one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-save-'));
    dirs.push(dir);
    const { caFile } = await createTestCertificates(dir, 'localhost');
    const { save, file, did } = setup();
    const result = await save({ account: { ...account, caFile } });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'account.caFile', ...{ code: 'caFile.notChosen', params: {} } }],
    });
    expect(file.store).toEqual({});
    expect(did).toEqual([]);
  });

  test('invalid fields are refused before anything happens', async () => {
    const { save, file, did, saved } = setup();
    const result = await save({ account: { ...account, jid: 'not a jid' }, startAtLogin: true });
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'account.jid' }] });
    expect(file.store).toEqual({});
    expect(did).toEqual([]);
    expect(saved).toEqual([]);
  });
});
