/**
 * The XMPP session's liveness rules against real servers (Prosody and ejabberd), with network faults made by a
 * TCP proxy: keepalive finds half-open connections, reconnects back off, resumption works.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { XmppSession, type SessionOptions, type SessionStatus } from '../core/xmpp-session.ts';
import { trustExtraCertificates } from '../core/tls-trust.ts';
import { findFreePort } from '../dev/net-util.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { SERVER_KINDS, useServer } from './support/fixture.ts';

const moduleUrl = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);

/**
 * A process that logs in (through a TCP proxy), stalls the line, asks the server something
 * with a 60 s timeout and stops the session: the question can never be answered.
 */
const STOP_WHILE_ASKING = `
import { readFileSync } from 'node:fs';
import { xml } from '@xmpp/client';
import { XmppSession } from ${moduleUrl('../core/xmpp-session.ts')};
import { trustExtraCertificates } from ${moduleUrl('../core/tls-trust.ts')};
import { startTcpProxy } from ${moduleUrl('./support/tcp-proxy.ts')};
const env = process.env;
trustExtraCertificates(readFileSync(env.CA_FILE, 'utf8'));
const proxy = await startTcpProxy(Number(env.C2S_PORT));
const session = new XmppSession({ jid: env.JID, password: env.PASSWORD, service: 'xmpp://localhost:' + proxy.port });
const online = new Promise((resolve) => session.on('status', (s) => s.state === 'online' && resolve()));
session.start();
await online;
proxy.stall();
const answer = session.request(xml('iq', { type: 'get' }, xml('ping', 'urn:xmpp:ping')), 60_000);
await session.stop();
console.log(await answer.then(() => 'answered', (error) => error.message));
await proxy.close();
`;

describe.each(SERVER_KINDS)('XMPP session against %s', (kind) => {
  const harness = useServer(kind);
  const sessions: XmppSession[] = [];
  const proxies: TcpProxy[] = [];
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.stop();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  async function openSession(overrides: Partial<SessionOptions> = {}) {
    trustExtraCertificates(readFileSync(harness.server.caFile, 'utf8'));
    const account = await harness.account('sess');
    const session = new XmppSession({ ...account, service: harness.server.service, ...overrides });
    sessions.push(session);
    const statuses: SessionStatus[] = [];
    session.on('status', (status) => statuses.push(status));
    return { session, statuses };
  }

  function nextStatus(
    session: XmppSession,
    match: (s: SessionStatus) => boolean,
    timeoutMs = 15_000,
  ) {
    return new Promise<SessionStatus>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`status did not come; last: ${JSON.stringify(session.status)}`)),
        timeoutMs,
      );
      const listener = (status: SessionStatus) => {
        if (!match(status)) return;
        clearTimeout(timer);
        session.off('status', listener);
        resolve(status);
      };
      session.on('status', listener);
    });
  }

  async function throughProxy() {
    const proxy = await startTcpProxy(harness.server.c2sPort);
    proxies.push(proxy);
    return { proxy, service: `xmpp://localhost:${proxy.port}` };
  }

  test('a half-open connection is found by the keepalive ping and the stream is resumed', async () => {
    const { proxy, service } = await throughProxy();
    const { session } = await openSession({
      service,
      keepaliveIntervalMs: 400,
      keepaliveTimeoutMs: 400,
    });
    const online = nextStatus(session, (s) => s.state === 'online');
    session.start();
    await online;
    proxy.stall();
    const lost = await nextStatus(session, (s) => s.state === 'reconnecting');
    expect(lost).toMatchObject({ reason: expect.stringMatching(/keepalive ping/) });
    proxy.heal();
    expect(await nextStatus(session, (s) => s.state === 'online')).toMatchObject({ resumed: true });
  });

  test('reconnectNow drops the connection and is back at once, resuming the session', async () => {
    const { session } = await openSession();
    const online = nextStatus(session, (s) => s.state === 'online');
    session.start();
    await online;
    const reconnecting = nextStatus(session, (s) => s.state === 'reconnecting');
    const back = nextStatus(session, (s) => s.state === 'online');
    const asked = Date.now();
    session.reconnectNow();
    const status = await reconnecting;
    expect(status.state === 'reconnecting' && status.nextAttemptAt - asked).toBeLessThan(50);
    expect(await back).toMatchObject({ resumed: true });
  });

  test("a server slow to answer STARTTLS (3 s, past the library's 2 s a step) is waited for", async () => {
    const { proxy, service } = await throughProxy();
    const { session, statuses } = await openSession({ service });
    const errors: string[] = [];
    session.xmpp.on('error', (error: Error) => errors.push(`${error.name}: ${error.message}`));
    const online = nextStatus(session, (s) => s.state === 'online');
    // The slow server is the fault under test: it answers 3 s after the client's request.
    let slowServer: NodeJS.Timeout | undefined;
    void proxy
      .holdWhenClientSends('<starttls')
      .then(() => (slowServer = setTimeout(() => proxy.release(), 3_000)));
    session.start();
    await online;
    clearTimeout(slowServer);
    expect(errors).toEqual([]);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
    expect(proxy.accepted).toBe(1);
  });

  test('an unreachable server is retried with growing delays and a clear reason', async () => {
    const closedPort = await findFreePort();
    const { session, statuses } = await openSession({
      service: `xmpp://localhost:${closedPort}`,
      backoff: { baseMs: 50, maxMs: 1000, jitter: 0 },
    });
    session.start();
    await nextStatus(session, (s) => s.state === 'reconnecting' && s.attempt === 3);
    const retries = statuses.filter((s) => s.state === 'reconnecting');
    expect(retries[0]).toMatchObject({
      reason: expect.stringMatching(/^server unreachable: connection refused/),
    });
    expect(retries.map((s) => s.state === 'reconnecting' && s.attempt)).toEqual([1, 2, 3]);
  });

  test('a certificate for another name is refused and reported as a certificate problem', async () => {
    const { session } = await openSession({
      service: `xmpps://127.0.0.1:${harness.server.directTlsPort}`,
      backoff: { baseMs: 50, maxMs: 1000 },
    });
    session.start();
    const status = await nextStatus(session, (s) => s.state === 'reconnecting');
    expect(status).toMatchObject({
      reason: expect.stringMatching(/^certificate problem: .*ERR_TLS_CERT_ALTNAME_INVALID/),
    });
  });

  test('a question left unanswered when the session stops does not keep the process alive', async () => {
    // ejabberd drops the answer to an IQ that races with the client closing its stream, so a
    // stopped `herald gateway` used to wait out @xmpp/client's IQ timeout (30 s) before exiting.
    const account = await harness.account('sess');
    const child = spawn(process.execPath, ['--input-type=module', '-e', STOP_WHILE_ASKING], {
      env: {
        ...process.env,
        CA_FILE: harness.server.caFile,
        C2S_PORT: String(harness.server.c2sPort),
        JID: account.jid,
        PASSWORD: account.password,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(guard);
    expect({ code, signal, stdout }).toEqual({
      code: 0,
      signal: null,
      stdout: 'connection lost before the server answered\n',
    });
  });

  test('direct TLS (xmpps://) logs in with the certificate checked against the extra CA', async () => {
    const { session } = await openSession({ service: harness.server.directTlsService });
    const online = nextStatus(session, (s) => s.state === 'online');
    session.start();
    expect(await online).toMatchObject({ resumed: false });
    expect(session.xmpp.isSecure()).toBe(true);
  });
});
