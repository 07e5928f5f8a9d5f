import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Client } from '@xmpp/client';
import { closeBoth, openStream, received } from '../../test/support/local-xmpp.ts';
import { acknowledgeReadsAtOnce } from './quick-ack-answers.ts';

const ACK = '<a xmlns="urn:xmpp:sm:3" h="0"/>';
const RECEIPT =
  '<message from="alice@localhost" to="notify@localhost"><received xmlns="urn:xmpp:receipts" id="p1"/></message>';

interface Scenario {
  /** What the server sends, as one read. */
  read: string;
  /** A stanza of ours awaits the server's <a/>. */
  awaitingAck?: boolean;
  /** The client writes this in the same turn as the read, as if answering it. */
  answer?: string;
}

/** The server's read arrives; once the turn is over the client writes a marker. What went out? */
async function sentAfter(prepare: (xmpp: Client) => void, scenario: Scenario): Promise<string> {
  const connection = await openStream(prepare);
  const { xmpp, socket, peer } = connection;
  (xmpp as unknown as { status: string }).status = 'online';
  if (scenario.awaitingAck) {
    const sm = xmpp.streamManagement as unknown as { enabled: boolean; outbound_q: unknown[] };
    sm.enabled = true;
    sm.outbound_q.push({ stanza: null, stamp: '' });
  }
  const sent = received(peer);
  xmpp.on('element', () => {
    if (scenario.answer) void xmpp.write(scenario.answer);
  });
  socket.emit('data', Buffer.from(scenario.read));
  await new Promise((resolve) => setImmediate(resolve));
  await xmpp.write('<end/>');
  while (!sent.text().endsWith('<end/>')) await once(peer, 'data');
  closeBoth(connection);
  return sent.text();
}

describe('acknowledgeReadsAtOnce', () => {
  it("meets the server's <a/> with a whitespace at once, so our TCP stack acknowledges it without delay", async () => {
    expect(await sentAfter(acknowledgeReadsAtOnce, { read: ACK })).toBe(' <end/>');
  });

  it('meets any read with a whitespace while a stanza of ours awaits the server’s ack', async () => {
    expect(await sentAfter(acknowledgeReadsAtOnce, { read: RECEIPT, awaitingAck: true })).toBe(
      ' <end/>',
    );
  });

  it('writes nothing more when the client answered the read itself in that turn', async () => {
    const scenario = { read: RECEIPT, awaitingAck: true, answer: '<r xmlns="urn:xmpp:sm:3"/>' };
    expect(await sentAfter(acknowledgeReadsAtOnce, scenario)).toBe(
      '<r xmlns="urn:xmpp:sm:3"/><end/>',
    );
  });

  it('stays quiet on a read when nothing awaits an ack', async () => {
    expect(await sentAfter(acknowledgeReadsAtOnce, { read: RECEIPT })).toBe('<end/>');
  });

  it('(without it, nothing answers either read: delayed ACK holds our TCP acknowledgement)', async () => {
    expect(await sentAfter(() => undefined, { read: ACK })).toBe('<end/>');
    expect(await sentAfter(() => undefined, { read: RECEIPT, awaitingAck: true })).toBe('<end/>');
  });
});
