/**
 * Hostile-input suite, TLS: a server presenting a certificate for another name, a self-signed
 * one, or an expired one (signed by a CA the client does trust), over STARTTLS and direct
 * TLS; and a server offering no TLS at all. `herald listen` and the Settings window's
 * connection test (main/settings/connection-test.ts) must refuse with a clear message and never send
 * credentials. Plaintext works only when explicitly allowed, against a real Prosody without
 * TLS. The bad servers are small fakes (support/fake-xmpp-server.ts) that record every byte.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectionTestMessage } from '../../shared/i18n/connection-test-text.ts';
import { causeText } from '../../shared/i18n/connection-causes.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializePush } from '../../core/push-codec.ts';
import { trustExtraCertificates } from '../../core/tls-trust.ts';
import type { AccountSettings } from '../../core/desktop-api.ts';
import { testAccountConnection } from '../../main/settings/connection-test.ts';
import { connectPeer } from '../../dev/xmpp-peer.ts';
import { useProsody } from '../support/fixture.ts';
import { Listener } from '../support/listener.ts';
import { createBadCertificates, type BadCertificates } from './support/bad-certificates.ts';
import { startFakeXmppServer, type FakeServerMode } from './support/fake-xmpp-server.ts';

const PASSWORD = 'tls-suite-secret-密码';
const JID = 'alice@localhost';

let dir: string;
let certs: BadCertificates;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-hostile-tls-'));
  certs = await createBadCertificates(dir);
  // The connection test runs in this process: trust the CA, as `--ca-file` does for listen.
  trustExtraCertificates(await readFile(certs.caFile, 'utf8'));
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fakeServer(mode: FakeServerMode) {
  const server = await startFakeXmppServer(mode);
  cleanups.push(() => server.close());
  return server;
}

function listen(service: string, extraArgs: string[] = [], jid = JID, password = PASSWORD) {
  const listener = new Listener({
    service,
    jid,
    password,
    systemJids: ['notify@localhost'],
    dataDir: join(dir, `data-${cleanups.length}`),
    caFile: certs.caFile,
    extraArgs,
  });
  cleanups.push(() => listener.stop());
  return listener;
}

/** Nothing that could carry the password ever left: no SASL <auth>, no password bytes. */
function expectNoCredentials(received: string[]) {
  const all = received.join('');
  expect(all).not.toContain('<auth');
  expect(all).not.toContain(PASSWORD);
  expect(all).not.toContain(Buffer.from(PASSWORD).toString('base64'));
}

const BAD = [
  [
    'a certificate for another host name',
    'wrongName',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    /Host: localhost\. is not in the cert's altnames: DNS:wrong\.example/,
  ],
  [
    'a self-signed certificate (its CA not trusted)',
    'selfSigned',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    /self-signed certificate/,
  ],
  ['an expired certificate', 'expired', 'CERT_HAS_EXPIRED', /certificate has expired/],
] as const;

const TRANSPORTS = [
  ['STARTTLS', 'starttls', 'xmpp'],
  ['direct TLS', 'direct-tls', 'xmpps'],
] as const;

const CASES = TRANSPORTS.flatMap(([transport, kind, scheme]) =>
  BAD.map(([what, cert, code, text]) => [transport, what, kind, scheme, cert, code, text] as const),
);

describe('herald listen refuses a bad certificate', () => {
  test.each(CASES)('%s, %s', async (_transport, _what, kind, scheme, cert, code, text) => {
    const server = await fakeServer({ kind, certificate: certs[cert] });
    const listener = listen(`${scheme}://localhost:${server.port}`);
    const refused = await listener.waitFor(
      (e) => e.type === 'status' && e.state === 'reconnecting',
      'reconnecting',
    );
    expect(refused.reason).toMatch(new RegExp(`^certificate problem: .+ \\(${code}\\)$`));
    expect(refused.reason).toMatch(text);
    expect(listener.events.some((e) => e.state === 'online')).toBe(false);
    expect(await listener.stop()).toBe(0);
    expectNoCredentials(server.received);
  });
});

describe('the connection test refuses a bad certificate', () => {
  const account = (tlsMode: AccountSettings['tlsMode'], port: number): AccountSettings => ({
    jid: JID,
    host: 'localhost',
    port,
    tlsMode,
    systemJids: ['notify@localhost'],
  });

  test.each(CASES)('%s, %s', async (_transport, _what, kind, _scheme, cert, code) => {
    const server = await fakeServer({ kind, certificate: certs[cert] });
    const result = await testAccountConnection(account(kind, server.port), PASSWORD, {
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: false, kind: 'certificate' });
    if (result.ok) return;
    // The cause is known, so the window words it (in the user's language), not Node.
    expect(result.problem).toMatchObject({ code: 'certificate-problem', cause: code });
    const worded = causeText('en', code);
    const advice =
      code === 'DEPTH_ZERO_SELF_SIGNED_CERT'
        ? "The server's certificate is not trusted. If your administrator confirms it, choose their CA certificate file."
        : "The server's certificate is not trusted; ask its administrator.";
    expect(connectionTestMessage('en', result)).toBe(
      `${worded.charAt(0).toUpperCase()}${worded.slice(1)}. ${advice}`,
    );
    expect(connectionTestMessage('zh-CN', result)).not.toMatch(/[A-Za-z]{3,}/);
    // The refused certificate itself, read by a separate probe (main/settings/peer-certificate.ts).
    const presented = new X509Certificate(certs[cert].cert);
    expect(result).toMatchObject({ certificate: { fingerprint256: presented.fingerprint256 } });
    expectNoCredentials(server.received);
  });

  test('a server without TLS, in STARTTLS mode: no-tls, and the password never leaves', async () => {
    const server = await fakeServer({ kind: 'plaintext', mechanisms: ['SCRAM-SHA-1', 'PLAIN'] });
    const result = await testAccountConnection(account('starttls', server.port), PASSWORD, {
      timeoutMs: 5_000,
    });
    expect(result).toEqual({
      ok: false,
      kind: 'no-tls',
      problem: { code: 'tls-required', params: {} },
      advice: 'no-tls',
    });
    expect(result.ok ? '' : connectionTestMessage('en', result)).toBe(
      'The server offered no TLS; refusing to log in over plaintext. Choose another security mode only if you trust this network completely.',
    );
    expectNoCredentials(server.received);
  });
});

describe('plaintext', () => {
  test('a server without TLS: herald listen stops with an error and exit code 1, sending no credentials', async () => {
    const server = await fakeServer({ kind: 'plaintext', mechanisms: ['SCRAM-SHA-1', 'PLAIN'] });
    const listener = listen(`xmpp://localhost:${server.port}`);
    expect(await listener.exited).toBe(1);
    expect(listener.events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', state: 'connecting' },
      {
        type: 'status',
        state: 'error',
        reason: 'the server offered no TLS; refusing to log in over plaintext',
      },
    ]);
    expect(server.connections).toBe(1);
    expectNoCredentials(server.received);
  });

  test('--allow-plaintext still never sends PLAIN without TLS: a PLAIN-only server is an error', async () => {
    const server = await fakeServer({ kind: 'plaintext', mechanisms: ['PLAIN'] });
    const listener = listen(`xmpp://localhost:${server.port}`, ['--allow-plaintext']);
    expect(await listener.exited).toBe(1);
    expect(listener.events.at(-1)).toEqual({
      type: 'status',
      state: 'error',
      reason: 'the server offers only PLAIN without TLS; refusing to send the password in clear',
    });
    expect(server.connections).toBe(1);
    expectNoCredentials(server.received);
  });

  describe('against a real Prosody without TLS', () => {
    const plain = useProsody({ plaintext: true });

    test('herald listen refuses it without --allow-plaintext (exit code 1)', async () => {
      const user = await plain.account('alice');
      const listener = listen(plain.server.service, [], user.jid, user.password);
      expect(await listener.exited).toBe(1);
      expect(listener.events.at(-1)).toMatchObject({
        state: 'error',
        reason: 'the server offered no TLS; refusing to log in over plaintext',
      });
    });

    test('with --allow-plaintext it logs in (SCRAM) and receives pushes', async () => {
      const user = await plain.account('alice');
      const system = await plain.account('notify');
      const listener = new Listener({
        service: plain.server.service,
        jid: user.jid,
        password: user.password,
        systemJids: [system.jid],
        dataDir: join(dir, 'plain-allowed'),
        caFile: plain.server.caFile,
        extraArgs: ['--allow-plaintext'],
      });
      cleanups.push(() => listener.stop());
      await listener.waitForSynced();
      // The sender goes over direct TLS (the plaintext port has no STARTTLS).
      const sender = await connectPeer({
        ...plain.server,
        service: plain.server.directTlsService,
        ...system,
      });
      cleanups.push(() => sender.stop());
      await sender.sendAcked(
        serializePush({ id: 'plain-1', title: 'Over plaintext', body: 'b' }, user.jid),
      );
      expect(await listener.waitForPush('plain-1')).toMatchObject({ title: 'Over plaintext' });
    });

    test('the connection test in plaintext mode succeeds; in STARTTLS mode it says no-tls', async () => {
      const user = await plain.account('alice');
      const account: AccountSettings = {
        jid: user.jid,
        host: 'localhost',
        port: plain.server.c2sPort,
        tlsMode: 'plaintext',
        systemJids: ['n@localhost'],
      };
      expect(
        await testAccountConnection(account, user.password, { timeoutMs: 5_000 }),
      ).toMatchObject({ ok: true });
      expect(
        await testAccountConnection({ ...account, tlsMode: 'starttls' }, user.password, {
          timeoutMs: 5_000,
        }),
      ).toMatchObject({ ok: false, kind: 'no-tls' });
    });
  });
});
