/**
 * A server signed by a private CA (here the throwaway Prosody's own CA, which this process
 * does not trust: the service gets no `caFile` dep) through the app service's handlers: the
 * refused certificate's details, the CA file chosen in Settings, a file that is no certificate,
 * and a saved file gone missing. Real Prosody, real files, real TLS.
 */
import { X509Certificate } from 'node:crypto';
import { connectionTestMessage } from '../../shared/i18n/connection-test-text.ts';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  IpcChannel,
  type AccountSettings,
  type ConnectionView,
  type RefusedCertificate,
} from '../../core/desktop-api.ts';
import { useProsody, type Account } from '../../test/support/fixture.ts';
import { testAppServiceDeps } from '../../test/support/app-service.ts';
import { createAppService, type AppService, type AppServiceDeps } from '../app-service.ts';

const NOT_PEM = { code: 'caFile.notPem', params: {} } as const;
const NOT_CHOSEN = { code: 'caFile.notChosen', params: {} } as const;

const harness = useProsody();
const running: AppService[] = [];

afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
});

/** What the server presents, read from its certificate file (dev/test-certificates.ts). */
function serverCertificate(): RefusedCertificate {
  const file = join(dirname(harness.server.caFile), `${harness.server.domain}.crt`);
  const certificate = new X509Certificate(readFileSync(file));
  return {
    subject: `CN=${harness.server.domain}`,
    issuer: 'CN=Herald Test CA',
    fingerprint256: certificate.fingerprint256,
    validTo: new Date(certificate.validTo).toISOString(),
  };
}

async function accounts() {
  return { user: await harness.account('alice'), system: await harness.account('notify') };
}

function accountFor(
  user: Account,
  system: Account,
  overrides: Partial<AccountSettings> = {},
): AccountSettings {
  return {
    jid: user.jid,
    host: '',
    port: harness.server.c2sPort,
    tlsMode: 'starttls',
    systemJids: [system.jid],
    caFile: null,
    ...overrides,
  };
}

async function createService(overrides: Partial<AppServiceDeps> = {}) {
  const deps = testAppServiceDeps(await harness.dataDir(), {
    connectionTestTimeoutMs: 5_000,
    chooseCaFile: async () => harness.server.caFile,
    ...overrides,
  });
  const warnings: string[] = [];
  const service = createAppService(deps);
  service.events.on('warning', (message) => warnings.push(message));
  running.push(service);
  return { service, deps, warnings };
}

function connectionWhere(service: AppService, match: (view: ConnectionView) => boolean) {
  return new Promise<ConnectionView>((resolve) => {
    const listener = (view: ConnectionView) => {
      if (!match(view)) return;
      service.events.off('connection', listener);
      resolve(view);
    };
    service.events.on('connection', listener);
  });
}

describe('a server signed by a private CA', () => {
  test('without the CA, Test connection says certificate and shows the server certificate', async () => {
    const { user, system } = await accounts();
    const { service } = await createService();
    const test = service.handlers[IpcChannel.testConnection];

    const starttls = await test({ account: accountFor(user, system), password: user.password });
    expect(starttls).toMatchObject({ ok: false, kind: 'certificate' });
    expect(starttls).toMatchObject({ certificate: serverCertificate() });
    // An unknown issuer: the advice names the fix, and Node's flag advice (useless here) is gone.
    const message = starttls.ok ? '' : connectionTestMessage('en', starttls);
    expect(message).toMatch(/choose their CA certificate file\.$/);
    expect(message).not.toMatch(/use-system-ca|Certificate problem/);

    const direct = await test({
      account: accountFor(user, system, {
        tlsMode: 'direct-tls',
        port: harness.server.directTlsPort,
      }),
      password: user.password,
    });
    expect(direct).toMatchObject({ ok: false, kind: 'certificate' });
    expect(direct).toMatchObject({ certificate: serverCertificate() });
  });

  test('the CA file chosen in Settings: the test connects, Save keeps it, the engine goes online; Clear untrusts it', async () => {
    const { user, system } = await accounts();
    const { service } = await createService();
    const { handlers } = service;
    service.start();

    const choice = await handlers[IpcChannel.chooseCaFile]();
    expect(choice).toEqual({ status: 'chosen', path: harness.server.caFile });
    const account = accountFor(user, system, { caFile: harness.server.caFile });
    expect(
      await handlers[IpcChannel.testConnection]({ account, password: user.password }),
    ).toMatchObject({ ok: true, jid: expect.stringMatching(`^${user.jid}/`) });

    const online = connectionWhere(service, (view) => view.state === 'online');
    const saved = await handlers[IpcChannel.saveSettings]({ account, password: user.password });
    expect(saved.ok && saved.settings.account.caFile).toBe(harness.server.caFile);
    await online;

    const refused = connectionWhere(service, (view) => 'certificate' in view);
    const cleared = await handlers[IpcChannel.saveSettings]({
      account: { ...account, caFile: null },
    });
    expect(cleared.ok && cleared.settings.account.caFile).toBeNull();
    expect(await refused).toMatchObject({ certificate: serverCertificate() });
    expect(
      await handlers[IpcChannel.testConnection]({ account: { ...account, caFile: null } }),
    ).toMatchObject({ ok: false, kind: 'certificate' });
  });

  test('a file that is no certificate is refused with a field error, and nothing is saved', async () => {
    const { user, system } = await accounts();
    const dataDir = await harness.dataDir();
    const keyFile = join(dirname(harness.server.caFile), `${harness.server.domain}.key`);
    const textFile = join(dataDir, 'notes.pem');
    await writeFile(textFile, 'not a certificate\n');
    let offered = keyFile;
    const { service } = await createService({ chooseCaFile: async () => offered });
    const { handlers } = service;
    const save = (caFile: string) =>
      handlers[IpcChannel.saveSettings]({
        account: accountFor(user, system, { caFile }),
        password: user.password,
      });

    // Chosen: a private key (PEM, but no certificate) and a text file are refused at once.
    for (const file of [keyFile, textFile]) {
      offered = file;
      expect(await handlers[IpcChannel.chooseCaFile]()).toEqual({
        status: 'invalid',
        path: file,
        problem: NOT_PEM,
      });
    }
    // Saved: a file that was a certificate when chosen and is not any more.
    const swapped = join(dataDir, 'ca.pem');
    await writeFile(swapped, readFileSync(harness.server.caFile));
    offered = swapped;
    expect(await handlers[IpcChannel.chooseCaFile]()).toEqual({ status: 'chosen', path: swapped });
    await writeFile(swapped, 'replaced\n');
    expect(await save(swapped)).toEqual({
      ok: false,
      errors: [{ field: 'account.caFile', ...NOT_PEM }],
    });
    expect(service.settingsView()).toMatchObject({ account: { jid: '' }, hasPassword: false });
  });

  test('a path the file dialog never returned is refused: the page cannot make main read files', async () => {
    const { user, system } = await accounts();
    const { service } = await createService({ chooseCaFile: async () => null });
    const { handlers } = service;
    const account = accountFor(user, system, { caFile: harness.server.caFile });

    expect(await handlers[IpcChannel.chooseCaFile]()).toEqual({ status: 'canceled' });
    expect(await handlers[IpcChannel.saveSettings]({ account, password: user.password })).toEqual({
      ok: false,
      errors: [{ field: 'account.caFile', ...NOT_CHOSEN }],
    });
    expect(await handlers[IpcChannel.testConnection]({ account, password: user.password })).toEqual(
      { ok: false, kind: 'invalid', problem: NOT_CHOSEN },
    );
    expect(service.settingsView().account.caFile).toBeNull();
  });

  test('a saved CA file gone missing is a warning at start-up; the connection reports the certificate', async () => {
    const { user, system } = await accounts();
    const dataDir = await harness.dataDir();
    const deps = testAppServiceDeps(dataDir);
    const missing = join(dataDir, 'gone.pem');
    deps.settings.update({ account: accountFor(user, system, { caFile: missing }) });
    deps.secrets.setPassword(user.password);
    const { service, warnings } = await createService(deps);
    const refused = connectionWhere(service, (view) => 'certificate' in view);
    service.start();

    expect(await refused).toMatchObject({
      state: 'reconnecting',
      certificate: serverCertificate(),
    });
    expect(warnings).toContainEqual(expect.stringContaining(`${missing} is not used`));
    expect(service.settingsView().account.caFile).toBe(missing);
  });
});
