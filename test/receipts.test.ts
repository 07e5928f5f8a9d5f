/**
 * Delivery receipts from the engine against real servers (Prosody and ejabberd): a backlog
 * is confirmed push by push without piling unconfirmed receipts up in the client, and a
 * receipt written into a connection that died reaches the sender after the reconnect.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Element } from '@xmpp/xml';
import { HeraldEngine, type EngineOptions } from '../core/engine.ts';
import { Inbox } from '../core/inbox.ts';
import { serializePush } from '../core/push-codec.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import { trustExtraCertificates } from '../core/tls-trust.ts';
import { unacknowledgedStanzas, whenAcknowledged } from '../core/xmpp-patches/internals.ts';
import { readFileSync } from 'node:fs';
import { SERVER_KINDS, useServer, type Account } from './support/fixture.ts';
import { makePush } from './support/pushes.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

/** core/receipt-sender.ts's default window, and a few presences and IQs beside it. */
const MOST_UNCONFIRMED = 256 + 8;

const receiptIdOf = (stanza: Element) => stanza.getChild('received', 'urn:xmpp:receipts')?.attrs.id;

describe.each(SERVER_KINDS)('receipts against %s', (kind) => {
  const harness = useServer(kind);
  const running: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of running.splice(0).reverse()) await stop();
  });

  async function startEngine(user: Account, system: string, options: Partial<EngineOptions> = {}) {
    trustExtraCertificates(readFileSync(harness.server.caFile, 'utf8'));
    const { storage } = openSqliteInboxStorage(join(await harness.dataDir(), 'inbox.sqlite'));
    const inbox = new Inbox({ storage });
    const engine = new HeraldEngine({
      ...user,
      service: harness.server.service,
      systemJids: [system],
      inbox,
      ...options,
    });
    running.push(async () => {
      await engine.stop();
      inbox.close();
    });
    return engine;
  }

  test('a backlog of 1,000 pushes is confirmed push by push, never 300 receipts behind', async () => {
    const system = await harness.account('rcpt-notify');
    const user = await harness.account('rcpt-user');
    const sender = await harness.peer(system, 'gateway');
    const count = 1_000;
    const pushes = Array.from({ length: count }, (_, i) =>
      serializePush(makePush({ id: `backlog-${i}`, title: `Push ${i}` }), user.jid),
    );
    const queued = whenAcknowledged(sender.xmpp, pushes);
    for (const push of pushes) await sender.xmpp.send(push);
    await queued;

    const confirmed = new Set<string>();
    const allConfirmed = new Promise<void>((resolve) =>
      sender.xmpp.on('stanza', (stanza: Element) => {
        const id = receiptIdOf(stanza);
        if (id) confirmed.add(String(id));
        if (confirmed.size === count) resolve();
      }),
    );
    const engine = await startEngine(user, system.jid);
    const errors: string[] = [];
    engine.session.xmpp.on('error', (error: Error) =>
      errors.push(`${error.name}: ${error.message}`),
    );
    let mostUnconfirmed = 0;
    engine.session.xmpp.on('send', () => {
      mostUnconfirmed = Math.max(mostUnconfirmed, unacknowledgedStanzas(engine.session.xmpp));
    });
    engine.start();
    await allConfirmed;
    expect([...confirmed].sort()).toEqual(pushes.map((p) => String(p.attrs.id)).sort());
    expect(mostUnconfirmed).toBeGreaterThan(0);
    expect(mostUnconfirmed).toBeLessThanOrEqual(MOST_UNCONFIRMED);
    // Every ack matched a stanza sent: the extra ack requests never put the library's count
    // of confirmed stanzas ahead of its queue (one lost ack would keep this above 0).
    while (unacknowledgedStanzas(engine.session.xmpp) > 0) await once(engine.session.xmpp, 'nonza');
    expect(errors).toEqual([]);
  }, 120_000);

  test('a receipt written into a connection that died reaches the sender after the reconnect', async () => {
    const system = await harness.account('rcpt-notify');
    const user = await harness.account('rcpt-user');
    const sender = await harness.peer(system, 'gateway');
    const proxy: TcpProxy = await startTcpProxy(harness.server.c2sPort);
    running.push(() => proxy.close());
    const engine = await startEngine(user, system.jid, {
      service: `xmpp://localhost:${proxy.port}`,
      keepaliveIntervalMs: 500,
      keepaliveTimeoutMs: 500,
    });
    engine.start();
    await once(engine.session, 'online');
    // The line dies as the push is stored, before its receipt is written (the engine sends
    // it once the push is on disk, right after announcing it).
    engine.once('push', () => proxy.stall());
    engine.session.on('status', (status) => {
      if (status.state === 'reconnecting') proxy.heal();
    });
    const receipt = sender.waitForStanza((s) => receiptIdOf(s) === 'through-the-outage', 30_000);
    await sender.xmpp.send(serializePush(makePush({ id: 'through-the-outage' }), user.jid));
    await receipt;
    expect(proxy.accepted).toBe(2);
  }, 60_000);
});
