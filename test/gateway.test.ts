/**
 * `herald gateway` end to end: HTTP in, a real server (Prosody and ejabberd), `herald listen`
 * (or a peer) out.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import { SERVER_KINDS, useServer, type Account } from './support/fixture.ts';
import { GatewayProcess } from './support/gateway-process.ts';
import { startTcpProxy } from './support/tcp-proxy.ts';

const TOKEN = 'erp-token-0123456789abcdef';
function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/v1/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe.each(SERVER_KINDS)('herald gateway against %s', (kind) => {
  const harness = useServer(kind);
  const gateways: GatewayProcess[] = [];

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
  });

  async function startGateway(
    system: Account,
    options: { config?: object; service?: string; password?: string } = {},
  ) {
    const extraArgs: string[] = [];
    if (options.config) {
      const file = join(await harness.dataDir(), 'gateway.json');
      await writeFile(file, JSON.stringify(options.config));
      extraArgs.push('--config', file);
    }
    const gateway = new GatewayProcess({
      service: options.service ?? harness.server.service,
      caFile: harness.server.caFile,
      jid: system.jid,
      password: options.password ?? system.password,
      tokens: TOKEN,
      extraArgs,
    });
    gateways.push(gateway);
    return gateway;
  }

  describe('herald gateway', () => {
    test('a push posted over HTTP reaches the client with every field, after the server acked it', async () => {
      const user = await harness.account('alice');
      const system = await harness.account('notify');
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const url = await (await startGateway(system)).url();

      const response = await post(url, {
        to: user.jid,
        title: '审批：采购单 PO-5521',
        body: 'Bob submitted ¥86,400.00\nfor rack space.',
        kind: 'todo',
        priority: 'high',
        url: 'https://oa.example.cn/approve/5521',
        due: '2026-11-27T10:00:00Z',
        category: 'Finance',
        id: 'po-5521',
      });
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual({ id: 'po-5521', recipients: [user.jid] });
      expect(await listener.waitForPush('po-5521')).toMatchObject({
        kind: 'todo',
        priority: 'high',
        title: '审批：采购单 PO-5521',
        body: 'Bob submitted ¥86,400.00\nfor rack space.',
        url: 'https://oa.example.cn/approve/5521',
        category: 'Finance',
        from: system.jid,
      });
    });

    test('answers 401 without a valid bearer token, and checks health without one', async () => {
      const system = await harness.account('notify');
      const url = await (await startGateway(system)).url();
      const body = { to: 'a@localhost', title: 't', body: 'b' };
      for (const authorization of ['', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ']) {
        const response = await post(url, body, { authorization });
        expect(response.status, authorization).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="herald"');
        expect(await json(response)).toMatchObject({ error: 'unauthorized' });
      }
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await json(health)).toEqual({ status: 'ok', xmpp: 'online' });
    });

    test('answers 400 naming the failing field, 413 over the size limit, 415 for non-JSON', async () => {
      const system = await harness.account('notify');
      const url = await (await startGateway(system)).url();
      const valid = { to: 'alice@localhost', title: 'Hello', body: 'World' };
      const cases: Array<[unknown, string]> = [
        [{ ...valid, title: undefined }, 'title'],
        [{ ...valid, title: '   ' }, 'title'],
        [{ ...valid, priority: 'critical' }, 'priority'],
        [{ ...valid, body: 42 }, 'body'],
        [{ ...valid, priorty: 'high' }, 'priorty'],
        [{ ...valid, url: 'javascript:alert(1)' }, 'url'],
        [{ ...valid, due: 'next Friday' }, 'due'],
        [{ ...valid, to: ['bob@localhost', 'not a jid'] }, 'to[1]'],
        [{ ...valid, to: 'bob@localhost/phone' }, 'to'],
        [{ ...valid, to: [] }, 'to'],
        [[valid], '$'],
      ];
      for (const [body, field] of cases) {
        const response = await post(url, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(await json(response)).toMatchObject({ error: 'invalid_request', field });
      }
      const malformed = await post(url, '{"to": "alice@localhost", "title": ');
      expect(malformed.status).toBe(400);
      expect(await json(malformed)).toMatchObject({ error: 'invalid_json' });

      const huge = await post(url, { ...valid, body: 'x'.repeat(70 * 1024) });
      expect(huge.status).toBe(413);
      expect(await json(huge)).toMatchObject({ error: 'too_large' });

      const text = await post(url, 'to=alice', { 'content-type': 'text/plain' });
      expect(text.status).toBe(415);
      expect(await json(text)).toMatchObject({ error: 'unsupported_media_type' });
    });

    test('answers 429 with Retry-After over the per-token rate limit', async () => {
      const system = await harness.account('notify');
      const url = await (
        await startGateway(system, { config: { limits: { rateLimitMax: 3 } } })
      ).url();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await post(url, { to: 'a@localhost', title: 'bad', body: 1 })).status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
      const limited = await post(url, { to: 'a@localhost', title: 'bad', body: 1 });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await json(limited)).toMatchObject({ error: 'rate_limited' });
      // Bad tokens are throttled by address, separately from the valid token.
      const guesses: number[] = [];
      for (let i = 0; i < 4; i++) {
        guesses.push((await post(url, {}, { authorization: `Bearer guess-${i}` })).status);
      }
      expect(guesses).toEqual([401, 401, 401, 429]);
    });

    test('a retried request with the same id is answered the same and shows once', async () => {
      const user = await harness.account('alice');
      const system = await harness.account('notify');
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const url = await (await startGateway(system)).url();
      const push = {
        to: [user.jid],
        title: 'Deploy finished',
        body: 'v2.4.1 is live',
        id: 'dep-1',
      };

      const answers = await Promise.all([post(url, push), post(url, push)]);
      const again = await post(url, push);
      for (const response of [...answers, again]) {
        expect(response.status).toBe(200);
        expect(await json(response)).toEqual({ id: 'dep-1', recipients: [user.jid] });
      }
      const conflict = await post(url, { ...push, body: 'something else' });
      expect(conflict.status).toBe(409);
      expect(await json(conflict)).toMatchObject({ error: 'id_conflict', field: 'id' });

      // A marker push after it: once it is in, the retries would have been too.
      expect((await post(url, { ...push, id: 'dep-2' })).status).toBe(200);
      await listener.waitForPush('dep-2');
      expect(listener.pushes().filter((p) => p.id === 'dep-1')).toHaveLength(1);
    });

    test('answers 503 with Retry-After while the XMPP server is down, 200 once it is back', async () => {
      const user = await harness.account('alice');
      const system = await harness.account('notify');
      const gateway = await startGateway(system);
      const url = await gateway.url();
      const onlineLogs = () => gateway.logs.filter((l) => l.xmpp === 'online').length;
      const onlineBefore = onlineLogs();
      await harness.server.halt();
      try {
        await expect.poll(async () => (await fetch(`${url}/healthz`)).status).toBe(503);
        const refused = await post(url, { to: user.jid, title: 'Down?', body: 'yes', id: 'd-1' });
        expect(refused.status).toBe(503);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await json(refused)).toMatchObject({ error: 'xmpp_unavailable' });
      } finally {
        await harness.server.start();
      }
      await gateway.waitUntil(() => onlineLogs() > onlineBefore, 'reconnect');
      const accepted = await post(url, { to: user.jid, title: 'Down?', body: 'yes', id: 'd-1' });
      expect(accepted.status).toBe(200);
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForPush('d-1');
    });

    test('delivery state moves from sent to delivered with the receipt, and to read', async () => {
      const user = await harness.account('alice');
      const reader = await harness.account('bob');
      const system = await harness.account('notify');
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const bob = await harness.peer(reader);
      const url = await (await startGateway(system)).url();
      const state = async (id: string): Promise<Record<string, unknown>> => {
        const response = await fetch(`${url}/v1/push/${id}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        return response.status === 200 ? json(response) : { status: response.status };
      };
      expect(await state('nope')).toEqual({ status: 404 });

      expect(
        (await post(url, { to: [user.jid, reader.jid], title: 'T', body: 'B', id: 'r-1' })).status,
      ).toBe(200);
      await listener.waitForPush('r-1');
      const states = async () =>
        ((await state('r-1')).recipients as Array<{ jid: string; state: string }>).map(
          (r) => `${r.jid}=${r.state}`,
        );
      await expect.poll(states).toEqual([`${user.jid}=delivered`, `${reader.jid}=sent`]);

      // Bob's client reports that he read it (XEP-0333), without a receipt first.
      const pushToBob = await bob.waitForStanza((s) => s.attrs.id === 'r-1');
      await bob.sendAcked(
        xml(
          'message',
          { to: pushToBob.attrs.from, type: 'chat' },
          xml('displayed', { xmlns: 'urn:xmpp:chat-markers:0', id: 'r-1' }),
        ),
      );
      await expect.poll(states).toEqual([`${user.jid}=delivered`, `${reader.jid}=read`]);
      // A stranger cannot move anyone's state.
      const mallory = await harness.peer(await harness.account('mallory'));
      await mallory.sendAcked(
        xml(
          'message',
          { to: pushToBob.attrs.from, type: 'chat' },
          xml('displayed', { xmlns: 'urn:xmpp:chat-markers:0', id: 'r-1' }),
        ),
      );
      expect(await states()).toEqual([`${user.jid}=delivered`, `${reader.jid}=read`]);
    });

    test('shutdown stops accepting, finishes the push in flight, then exits', async () => {
      const system = await harness.account('notify');
      const user = await harness.account('alice');
      const proxy = await startTcpProxy(harness.server.c2sPort);
      try {
        const gateway = await startGateway(system, {
          service: `xmpp://localhost:${proxy.port}`,
        });
        const url = await gateway.url();
        proxy.hold(); // the push will wait for its ack
        const inFlight = post(url, { to: user.jid, title: 'Last one', body: 'b', id: 's-1' });
        await gateway.waitFor(
          (l) => l.msg === 'incoming request' && (l.req as { url?: string })?.url === '/v1/push',
          'request',
        );
        gateway.child.kill('SIGTERM');
        await gateway.waitFor((l) => String(l.msg).startsWith('shutting down'), 'shutdown');
        await expect(fetch(`${url}/healthz`)).rejects.toThrow();
        proxy.release();
        const response = await inFlight;
        expect(response.status).toBe(200);
        expect(await gateway.exited).toBe(0);
        expect(gateway.logs.map((l) => l.msg)).toContain('gateway stopped');
      } finally {
        await proxy.close();
      }
    });

    test('logs are JSON lines that never contain the token', async () => {
      const system = await harness.account('notify');
      const gateway = await startGateway(system);
      const url = await gateway.url();
      await post(url, { to: 'alice@localhost', title: 'x', body: 'y', id: 'log-1' });
      await gateway.waitFor((l) => l.msg === 'push sent', 'push sent');
      await gateway.stop();
      expect(gateway.nonJsonLines).toEqual([]);
      expect(gateway.rawStdout.join('\n')).not.toContain(TOKEN);
      expect(gateway.logs.find((l) => l.msg === 'push sent')).toMatchObject({
        pushId: 'log-1',
        recipients: 1,
        token: 'env-1',
      });
    });

    test('a wrong XMPP password or a missing token stops it at start with a clear message', async () => {
      const system = await harness.account('notify');
      const wrong = await startGateway(system, { password: 'wrong' });
      expect(await wrong.exited).toBe(1);
      expect(wrong.stderr.join('\n')).toMatch(/gateway not started: login failed/);

      const noTokens = new GatewayProcess({
        service: harness.server.service,
        caFile: harness.server.caFile,
        jid: system.jid,
        password: system.password,
        tokens: 'short',
      });
      expect(await noTokens.exited).toBe(2);
      expect(noTokens.stderr.join('\n')).toMatch(/at least 16 characters/);
    });
  });
});
