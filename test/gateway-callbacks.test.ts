/**
 * What the user did comes back: receipts and the user's events (core/user-events.ts), sent
 * by a peer logged in as the recipient, reach GET /v1/push/:id and the push's callbackUrl
 * (a real HTTP receiver), signed, each event id at least once, also across a receiver that
 * is down for a while and a gateway killed with callbacks pending. Events from anybody but
 * the push's recipients change nothing.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client';
import { serializeUserEvent, type UserEvent } from '../core/user-events.ts';
import { SERVER_KINDS, useServer, type Account } from './support/fixture.ts';
import type { GatewayProcess } from './support/gateway-process.ts';
import { gatewayApi, startGatewayWith } from './support/gateway-api.ts';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.ts';
import type { Peer } from '../dev/xmpp-peer.ts';

const TOKEN = 'erp-token-0123456789abcdef';
const CALLBACK_SECRET = 'erp-callbacks-0123456789abcdef';
const CONFIG = {
  tokens: [{ name: 'erp', secret: TOKEN, callbackSecret: CALLBACK_SECRET }],
  // Quick retries, so a receiver that comes back is tried again within the test's patience.
  limits: { callbackRetryBaseMs: 100, callbackRetryMaxMs: 800 },
};
const AT = Date.parse('2026-12-02T12:04:31.250Z');

describe.each(SERVER_KINDS)('herald gateway callbacks against %s', (kind) => {
  const harness = useServer(kind);
  const gateways: GatewayProcess[] = [];
  const receivers: CallbackReceiver[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  async function setup(dataDir?: string) {
    const system = await harness.account('notify');
    const alice = await harness.account('alice');
    const peer = await harness.peer(alice);
    const receiver = await startCallbackReceiver(CALLBACK_SECRET);
    receivers.push(receiver);
    const store = dataDir ?? (await harness.dataDir());
    const gateway = await start(system, store);
    return { system, alice, peer, receiver, gateway, store };
  }

  async function start(system: Account, dataDir: string) {
    const gateway = await startGatewayWith(harness, system, { config: CONFIG, dataDir });
    gateways.push(gateway);
    return { process: gateway, api: gatewayApi(await gateway.url(), TOKEN) };
  }

  /** Posts an approval to-do for `to` with callbacks to `receiver`, and waits for it there. */
  async function sendApproval(
    api: ReturnType<typeof gatewayApi>,
    peer: Peer,
    to: string[],
    receiver: CallbackReceiver,
    id: string,
  ) {
    const answer = await api.push({
      to,
      id,
      kind: 'todo',
      title: 'Approve expense report',
      body: '1,240.00 EUR',
      ackRequired: true,
      actions: [
        { id: 'approve', label: 'Approve', style: 'primary' },
        { id: 'reject', label: 'Reject', style: 'destructive' },
      ],
      callbackUrl: receiver.url,
    });
    expect(answer.status).toBe(200);
    return peer.waitForStanza((s) => s.attrs.id === id);
  }

  function userEvent(pushId: string, type: UserEvent['type'], at: number, action?: string) {
    return { id: randomUUID(), pushId, type, action: action ?? null, at };
  }

  test('a receipt and the user’s events reach GET and the callback, signed, each once', async () => {
    const { system, alice, peer, receiver, gateway } = await setup();
    const message = await sendApproval(gateway.api, peer, [alice.jid], receiver, 'cb-1');
    await peer.sendAcked(
      xml(
        'message',
        { to: String(message.attrs.from) },
        xml('received', { xmlns: 'urn:xmpp:receipts', id: 'cb-1' }),
      ),
    );
    const read = userEvent('cb-1', 'read', AT);
    const acknowledged = userEvent('cb-1', 'acknowledged', AT + 1000);
    const approve = userEvent('cb-1', 'action', AT + 2000, 'approve');
    for (const event of [read, acknowledged, approve, read])
      await peer.sendAcked(serializeUserEvent(event, system.jid));

    await expect.poll(() => receiver.eventIds().length).toBe(4);
    const status = await gateway.api.status('cb-1');
    expect(status.body).toMatchObject({
      rev: 0,
      state: 'open',
      recipients: [
        {
          jid: alice.jid,
          state: 'read',
          delivered: { at: expect.any(String) },
          read: { at: '2026-12-02T12:04:31.250Z' },
          acknowledged: { at: '2026-12-02T12:04:32.250Z' },
          done: { at: '2026-12-02T12:04:33.250Z' },
          action: { id: 'approve', label: 'Approve', at: '2026-12-02T12:04:33.250Z' },
          deleted: null,
        },
      ],
    });
    const bodies = receiver.received.map((r) => r.body);
    expect(bodies).toHaveLength(4); // the repeated read was applied once
    expect(bodies).toEqual(
      expect.arrayContaining([
        {
          id: expect.stringMatching(/^delivered-/),
          type: 'delivered',
          pushId: 'cb-1',
          recipient: alice.jid,
          at: expect.any(String),
        },
        {
          id: read.id,
          type: 'read',
          pushId: 'cb-1',
          recipient: alice.jid,
          at: '2026-12-02T12:04:31.250Z',
        },
        {
          id: acknowledged.id,
          type: 'acknowledged',
          pushId: 'cb-1',
          recipient: alice.jid,
          at: '2026-12-02T12:04:32.250Z',
        },
        {
          id: approve.id,
          type: 'action',
          pushId: 'cb-1',
          recipient: alice.jid,
          at: '2026-12-02T12:04:33.250Z',
          action: { id: 'approve', label: 'Approve' },
        },
      ]),
    );
    for (const callback of receiver.received) {
      expect(callback.validSignature).toBe(true);
      expect(callback.headers['herald-event-id']).toBe(callback.body.id);
      expect(callback.headers['content-type']).toBe('application/json');
    }
  });

  test('approving a push that asks for an acknowledgement acknowledges it, as on the devices', async () => {
    const { system, alice, peer, receiver, gateway } = await setup();
    await sendApproval(gateway.api, peer, [alice.jid], receiver, 'ack-by-action');
    const approve = userEvent('ack-by-action', 'action', AT, 'approve');
    await peer.sendAcked(serializeUserEvent(approve, system.jid));
    await expect.poll(() => receiver.eventIds()).toEqual([approve.id]);
    expect((await gateway.api.status('ack-by-action')).body).toMatchObject({
      recipients: [
        {
          jid: alice.jid,
          done: { at: '2026-12-02T12:04:31.250Z' },
          acknowledged: { at: '2026-12-02T12:04:31.250Z' },
          action: { id: 'approve', at: '2026-12-02T12:04:31.250Z' },
        },
      ],
    });
  });

  test('an event from anybody but the push’s recipient changes nothing', async () => {
    const { system, alice, peer, receiver, gateway } = await setup();
    const bob = await harness.account('bob');
    const bobPeer = await harness.peer(bob);
    const mallory = await harness.peer(await harness.account('mallory'));
    await sendApproval(gateway.api, peer, [alice.jid], receiver, 'forge-1');
    // Bob is a recipient, but of another push: that does not make him one of this push.
    await sendApproval(gateway.api, bobPeer, [bob.jid], receiver, 'forge-2');

    const ignored = () =>
      gateway.process.lines.filter((l) => l.msg === 'event ignored: not a recipient');
    await mallory.sendAcked(
      serializeUserEvent(userEvent('forge-1', 'action', AT, 'reject'), system.jid),
    );
    await bobPeer.sendAcked(
      serializeUserEvent(userEvent('forge-1', 'action', AT, 'reject'), system.jid),
    );
    await gateway.process.waitUntil(() => ignored().length === 2, 'both forgeries ignored');
    expect(ignored().map((l) => [l.from, l.pushId])).toEqual(
      expect.arrayContaining([
        [mallory.jid.split('/')[0], 'forge-1'],
        [bob.jid, 'forge-1'],
      ]),
    );

    const deleted = userEvent('forge-1', 'deleted', AT);
    await peer.sendAcked(serializeUserEvent(deleted, system.jid));
    await expect.poll(() => receiver.eventIds()).toEqual([deleted.id]);
    expect((await gateway.api.status('forge-1')).body).toMatchObject({
      recipients: [
        { jid: alice.jid, action: null, done: null, deleted: { at: expect.any(String) } },
      ],
    });
    expect((await gateway.api.status('forge-2')).body).toMatchObject({
      recipients: [{ jid: bob.jid, action: null, read: null }],
    });
  });

  test('a receiver that is down for a while gets every event once it is up, repeats with the same id', async () => {
    const { system, alice, peer, receiver, gateway } = await setup();
    await sendApproval(gateway.api, peer, [alice.jid], receiver, 'down-1');
    receiver.setUp(false);
    const events = [
      userEvent('down-1', 'read', AT),
      userEvent('down-1', 'unread', AT + 1),
      userEvent('down-1', 'done', AT + 2),
      userEvent('down-1', 'undone', AT + 3),
    ];
    for (const event of events) await peer.sendAcked(serializeUserEvent(event, system.jid));
    const failures = () =>
      gateway.process.lines.filter((l) => l.msg === 'callback failed; will retry');
    // Every event tried, and tried again: the backoff is running.
    await gateway.process.waitUntil(
      () =>
        new Set(
          failures()
            .filter((l) => Number(l.attempts) >= 2)
            .map((l) => l.eventId),
        ).size === 4,
      'every callback retried',
    );
    expect(receiver.received).toEqual([]);
    receiver.setUp(true);

    await expect.poll(() => receiver.eventIds().sort()).toEqual(events.map((e) => e.id).sort());
    for (const callback of receiver.received) expect(callback.validSignature).toBe(true);
    expect((await gateway.api.status('down-1')).body).toMatchObject({
      recipients: [{ read: null, done: null }],
    });
  });

  test('callbacks pending when the gateway is killed are delivered after it restarts', async () => {
    const { system, alice, peer, receiver, gateway, store } = await setup();
    await sendApproval(gateway.api, peer, [alice.jid], receiver, 'kill-1');
    receiver.setUp(false);
    const events = [
      userEvent('kill-1', 'read', AT),
      userEvent('kill-1', 'action', AT + 5, 'reject'),
    ];
    for (const event of events) await peer.sendAcked(serializeUserEvent(event, system.jid));
    await gateway.process.waitUntil(
      () =>
        new Set(
          gateway.process.lines
            .filter((l) => l.msg === 'callback failed; will retry')
            .map((l) => l.eventId),
        ).size === 2,
      'both callbacks failed once',
    );
    await gateway.process.kill();
    gateways.splice(gateways.indexOf(gateway.process), 1);
    receiver.setUp(true);

    const again = await start(system, store);
    await expect.poll(() => receiver.eventIds().sort()).toEqual(events.map((e) => e.id).sort());
    expect(receiver.received.find((r) => r.body.type === 'action')?.body).toMatchObject({
      action: { id: 'reject', label: 'Reject' },
    });
    expect((await again.api.status('kill-1')).body).toMatchObject({
      recipients: [{ read: { at: '2026-12-02T12:04:31.250Z' }, action: { id: 'reject' } }],
    });
  });

  test('a decision made while the gateway is down waits in the server and reaches the callback once it is back', async () => {
    const { system, alice, peer, receiver, gateway, store } = await setup();
    await sendApproval(gateway.api, peer, [alice.jid], receiver, 'away-1');
    await gateway.process.stop();
    gateways.splice(gateways.indexOf(gateway.process), 1);
    // No session of the system account is online: the server keeps the event offline.
    const approve = userEvent('away-1', 'action', AT, 'approve');
    await peer.sendAcked(serializeUserEvent(approve, system.jid));

    const back = await start(system, store);
    await expect.poll(() => receiver.eventIds()).toEqual([approve.id]);
    expect((await back.api.status('away-1')).body).toMatchObject({
      recipients: [{ action: { id: 'approve', label: 'Approve' } }],
    });
  });
});
