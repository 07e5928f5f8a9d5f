/**
 * A push's life after the gateway sent it (docs/wire-format.md): PATCH, complete and DELETE
 * reach the recipient as whole-snapshot revisions with rising `rev`, each answered after the
 * server acked it, retries answered without sending again, a retraction final; the store
 * behind GET and the lifecycle endpoints survives a gateway restart.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { SERVER_KINDS, useServer, type Account } from './support/fixture.ts';
import type { GatewayProcess } from './support/gateway-process.ts';
import { gatewayApi, startGatewayWith } from './support/gateway-api.ts';

const TOKEN = 'erp-token-0123456789abcdef';
const PUSH_NS = 'urn:herald:push:0';
const CONFIG = { tokens: [{ name: 'erp', secret: TOKEN }] };

describe.each(SERVER_KINDS)('herald gateway push lifecycle against %s', (kind) => {
  const harness = useServer(kind);
  const gateways: GatewayProcess[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
  });

  async function start(system: Account, dataDir?: string) {
    const gateway = await startGatewayWith(harness, system, {
      config: CONFIG,
      dataDir: dataDir ?? (await harness.dataDir()),
    });
    gateways.push(gateway);
    return gatewayApi(await gateway.url(), TOKEN);
  }

  const pushesIn = (received: Element[]) =>
    received.filter((stanza) => stanza.is('message') && stanza.getChild('push', PUSH_NS));

  test('update, complete and retract reach the recipient as revisions; a retraction is final', async () => {
    const system = await harness.account('notify');
    const alice = await harness.account('alice');
    const peer = await harness.peer(alice);
    const api = await start(system);

    const first = await api.push({
      to: alice.jid,
      id: 'exp-4411',
      kind: 'todo',
      title: 'Approve expense report #4411',
      body: 'Bob submitted 1,240.00 EUR.',
      url: 'https://erp.example.com/4411',
      actions: [{ id: 'approve', label: 'Approve', style: 'primary' }],
    });
    expect(first).toMatchObject({ status: 200 });
    await peer.waitForStanza((s) => s.attrs.id === 'exp-4411');

    const update = { title: 'Approve expense report #4411 (amended)', priority: 'urgent' };
    expect(await api.update('exp-4411', update)).toEqual({
      status: 200,
      body: { id: 'exp-4411', rev: 1, state: 'open', recipients: [alice.jid] },
    });
    const updated = await peer.waitForStanza((s) => s.attrs.id === 'exp-4411#1');
    const ext = updated.getChild('push', PUSH_NS)!;
    // The whole snapshot: the change, and everything it did not change.
    expect(ext.attrs).toMatchObject({ id: 'exp-4411', rev: '1', kind: 'todo', priority: 'urgent' });
    expect(ext.attrs.state).toBeUndefined();
    expect(updated.getChildText('subject')).toBe(update.title);
    expect(updated.getChildText('body')).toBe('Bob submitted 1,240.00 EUR.');
    expect(ext.getChildren('action').map((a) => [a.attrs.id, a.text()])).toEqual([
      ['approve', 'Approve'],
    ]);
    expect(updated.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe('exp-4411');
    expect(updated.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe('exp-4411#1');
    // A receipt names the revision's message; it is the push's receipt all the same.
    await peer.sendAcked(receipt(String(updated.attrs.from), 'exp-4411#1'));
    await expect
      .poll(async () => (await api.status('exp-4411')).body.recipients)
      .toMatchObject([
        { jid: alice.jid, state: 'delivered', delivered: { at: expect.any(String) } },
      ]);
    // A retry of the same change: answered the same, not sent again (checked below).
    expect(await api.update('exp-4411', update)).toMatchObject({ status: 200, body: { rev: 1 } });

    expect(await api.complete('exp-4411')).toMatchObject({
      status: 200,
      body: { rev: 2, state: 'done' },
    });
    const done = await peer.waitForStanza((s) => s.attrs.id === 'exp-4411#2');
    expect(done.getChild('push', PUSH_NS)?.attrs).toMatchObject({ rev: '2', state: 'done' });
    expect(done.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe('exp-4411');
    expect(await api.complete('exp-4411')).toMatchObject({ status: 200, body: { rev: 2 } });

    expect(await api.retract('exp-4411')).toMatchObject({
      status: 200,
      body: { rev: 3, state: 'retracted' },
    });
    const retracted = await peer.waitForStanza((s) => s.attrs.id === 'exp-4411#3');
    expect(retracted.getChild('push', PUSH_NS)?.attrs).toMatchObject({
      rev: '3',
      state: 'retracted',
    });
    expect(retracted.getChild('retract', 'urn:xmpp:message-retract:1')?.attrs.id).toBe('exp-4411');
    expect(retracted.getChild('fallback', 'urn:xmpp:fallback:0')?.attrs.for).toBe(
      'urn:xmpp:message-retract:1',
    );
    expect(retracted.getChild('replace', 'urn:xmpp:message-correct:0')).toBeUndefined();

    for (const attempt of [api.update('exp-4411', { title: 'Back?' }), api.complete('exp-4411')])
      expect(await attempt).toMatchObject({ status: 409, body: { error: 'retracted' } });
    expect(await api.retract('exp-4411')).toMatchObject({ status: 200, body: { rev: 3 } });
    expect(await api.status('exp-4411')).toMatchObject({
      status: 200,
      body: { id: 'exp-4411', rev: 3, state: 'retracted' },
    });
    // One message per revision: the retries sent nothing.
    expect(pushesIn(peer.received).map((s) => s.attrs.id)).toEqual([
      'exp-4411',
      'exp-4411#1',
      'exp-4411#2',
      'exp-4411#3',
    ]);
  });

  test('answers 404 for an unknown id and 400 naming the field', async () => {
    const system = await harness.account('notify');
    const alice = await harness.account('alice');
    const api = await start(system);
    for (const attempt of [
      api.update('nope', { title: 'x' }),
      api.complete('nope'),
      api.retract('nope'),
    ])
      expect(await attempt).toMatchObject({ status: 404, body: { error: 'not_found' } });

    expect((await api.push({ to: alice.jid, id: 'v-1', title: 'T', body: 'B' })).status).toBe(200);
    const cases: Array<[unknown, string]> = [
      [{ priority: 'critical' }, 'priority'],
      [{ tittle: 'typo' }, 'tittle'],
      [{ title: '  ' }, 'title'],
      [{ due: 'next Friday' }, 'due'],
      [{ expires: 'soon' }, 'expires'],
      [{ urlLabel: 'Open' }, 'urlLabel'],
      [{ actions: [{ id: 'a' }] }, 'actions[0][label]'],
      [{ ackRequired: 'yes' }, 'ackRequired'],
      [{ kind: 'news' }, 'kind'],
      [[], '$'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.update('v-1', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body, JSON.stringify(body)).toMatchObject({ error: 'invalid_request', field });
    }
    // Not http(s); and, for a good URL, this token has no callbackSecret to sign with.
    for (const callbackUrl of ['ftp://erp.example.com/events', 'https://erp.example.com/events']) {
      const answer = await api.push({ to: alice.jid, title: 'T', body: 'B', callbackUrl });
      expect(answer, callbackUrl).toMatchObject({ status: 400, body: { field: 'callbackUrl' } });
      expect(String(answer.body.message), callbackUrl).toMatch(
        callbackUrl.startsWith('ftp') ? /http\(s\) URL/ : /callbackSecret/,
      );
    }
    expect(await api.status('v-1')).toMatchObject({ body: { rev: 0, state: 'open' } });
    // Concurrent changes are made one after another, each on the one before.
    const revs = await Promise.all(
      ['one', 'two', 'three'].map(async (body) => (await api.update('v-1', { body })).body.rev),
    );
    expect([...revs].sort()).toEqual([1, 2, 3]);
    expect(await api.status('v-1')).toMatchObject({ body: { rev: 3 } });
  });

  test('an update the server did not take is a 503; its retry sends that same revision', async () => {
    const system = await harness.account('notify');
    const alice = await harness.account('alice');
    const dataDir = await harness.dataDir();
    const gateway = await startGatewayWith(harness, system, { config: CONFIG, dataDir });
    gateways.push(gateway);
    const url = await gateway.url();
    const api = gatewayApi(url, TOKEN);
    expect((await api.push({ to: alice.jid, id: 'down-1', title: 'T', body: 'B' })).status).toBe(
      200,
    );
    const onlineLogs = () => gateway.lines.filter((l) => l.xmpp === 'online').length;
    const onlineBefore = onlineLogs();
    await harness.server.halt();
    try {
      await expect.poll(async () => (await fetch(`${url}/healthz`)).status).toBe(503);
      expect(await api.update('down-1', { body: 'B2' })).toMatchObject({
        status: 503,
        body: { error: 'xmpp_unavailable' },
      });
    } finally {
      await harness.server.start();
    }
    await gateway.waitUntil(() => onlineLogs() > onlineBefore, 'reconnect');
    expect(await api.update('down-1', { body: 'B2' })).toMatchObject({
      status: 200,
      body: { rev: 1 },
    });
    // Offline storage hands them over at login (the first send perhaps twice: the gateway
    // resends what a restarted server may have lost, docs/pushing.md); revision 1 once.
    const peer = await harness.peer(alice);
    const revision = await peer.waitForStanza((s) => s.attrs.id === 'down-1#1');
    expect(revision.getChildText('body')).toBe('B2');
    expect(await api.update('down-1', { body: 'B3' })).toMatchObject({ body: { rev: 2 } });
    await peer.waitForStanza((s) => s.attrs.id === 'down-1#2');
    const ids = pushesIn(peer.received).map((s) => s.attrs.id);
    expect([...new Set(ids)]).toEqual(['down-1', 'down-1#1', 'down-1#2']);
    expect(ids.filter((id) => id !== 'down-1')).toEqual(['down-1#1', 'down-1#2']);
  });

  test('what the gateway knows about a push survives a restart', async () => {
    const system = await harness.account('notify');
    const alice = await harness.account('alice');
    const peer = await harness.peer(alice);
    const dataDir = await harness.dataDir();
    const api = await start(system, dataDir);
    const push = { to: alice.jid, id: 'keep-1', title: 'Kept', body: 'across restarts' };
    expect((await api.push(push)).status).toBe(200);
    const message = await peer.waitForStanza((s) => s.attrs.id === 'keep-1');
    await peer.sendAcked(receipt(String(message.attrs.from), 'keep-1'));
    await expect
      .poll(async () => (await api.status('keep-1')).body.recipients)
      .toMatchObject([
        { jid: alice.jid, state: 'delivered', delivered: { at: expect.any(String) } },
      ]);
    await gateways.pop()!.stop();

    const again = await start(system, dataDir);
    expect(await again.status('keep-1')).toMatchObject({
      status: 200,
      body: { rev: 0, recipients: [{ jid: alice.jid, state: 'delivered' }] },
    });
    // A retry of the first request is still recognised, and the next revision follows on.
    expect(await again.push(push)).toMatchObject({ status: 200, body: { id: 'keep-1' } });
    expect(await again.push({ ...push, body: 'other' })).toMatchObject({ status: 409 });
    expect(await again.update('keep-1', { body: 'still here' })).toMatchObject({
      status: 200,
      body: { rev: 1 },
    });
    await peer.waitForStanza((s) => s.attrs.id === 'keep-1#1');
  });
});

function receipt(to: string, id: string) {
  return xml('message', { to }, xml('received', { xmlns: 'urn:xmpp:receipts', id }));
}
