/**
 * Settings' "Test connection" request: what is refused before any connection, and the form's
 * CA file trusted for the test only. The login is RECORDED here; connection-test.test.ts and
 * app-service.test.ts run it against a real server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connectionTestMessage } from '../../shared/i18n/connection-test-text.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { AccountSettings } from '../../core/desktop-api.ts';
import { createTestCertificates } from '../../dev/test-certificates.ts';
import { createCaFileSetting } from './ca-file-setting.ts';
import { createConnectionTest } from './connection-test-request.ts';
import { createInsecureMemorySecretStore } from './secret-store.ts';
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

function setup(options: { storedPassword?: string; chooses?: string } = {}) {
  const trusted: string[][] = [];
  const logins: { jid: string; password: string; trustedDuring: number }[] = [];
  const caFiles = createCaFileSetting(async () => options.chooses ?? null);
  const testConnection = createConnectionTest({
    settings: new SettingsStore({ store: { store: {} } }),
    secrets: createInsecureMemorySecretStore({ password: options.storedPassword }),
    caFiles,
    caTrust: {
      alsoTrust: (certificates) => {
        const entry = [...certificates];
        trusted.push(entry);
        return () => void trusted.splice(trusted.indexOf(entry), 1);
      },
    },
    connect: async (tested, password) => {
      logins.push({ jid: tested.jid, password, trustedDuring: trusted.flat().length });
      return { ok: true, jid: tested.jid };
    },
  });
  return { testConnection, caFiles, trusted, logins };
}

describe('createConnectionTest', () => {
  test("the form's password, else the stored one; none at all is refused without connecting", async () => {
    const stored = setup({ storedPassword: 'stored' });
    expect(await stored.testConnection({ account, password: 'typed' })).toEqual({
      ok: true,
      jid: account.jid,
    });
    await stored.testConnection({ account });
    expect(stored.logins.map((login) => login.password)).toEqual(['typed', 'stored']);

    const none = setup();
    expect(await none.testConnection({ account })).toEqual({
      ok: false,
      kind: 'invalid',
      problem: { code: 'password.needed', params: {} },
    });
    expect(none.logins).toEqual([]);
  });

  test('an invalid account is refused with its first field message', async () => {
    const { testConnection, logins } = setup();
    const result = await testConnection({ account: { ...account, jid: 'nope' }, password: 'x' });
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
    expect(result).toMatchObject({ problem: { code: 'jid.invalid' } });
    expect(result.ok ? '' : connectionTestMessage('en', result)).toMatch(/user@example\.com/);
    expect(logins).toEqual([]);
  });

  test('a CA file chosen but not saved is trusted during the test only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-test-connection-'));
    dirs.push(dir);
    const { caFile } = await createTestCertificates(dir, 'localhost');
    const { testConnection, caFiles, trusted, logins } = setup({ chooses: caFile });
    await caFiles.choose();
    await testConnection({ account: { ...account, caFile }, password: 'x' });
    expect(logins[0]!.trustedDuring).toBe(1);
    expect(trusted.flat()).toEqual([]);
  });

  test('a CA file typed in rather than chosen is refused', async () => {
    const { testConnection, logins } = setup();
    const result = await testConnection({
      account: { ...account, caFile: '/etc/passwd' },
      password: 'x',
    });
    expect(result).toEqual({
      ok: false,
      kind: 'invalid',
      problem: { code: 'caFile.notChosen', params: {} },
    });
    expect(logins).toEqual([]);
  });
});
