import type { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { closeBoth, openStream } from '../../test/support/local-xmpp.ts';
import { holdAcksToQueuedStanzas } from './acks-to-queued-stanzas.ts';

type Sm = { enabled: boolean; outbound: number; outbound_q: unknown[] };

/** The server acknowledges one stanza the library has not queued yet, then it is sent. */
async function ackOvertakingTheSend(prepare: (xmpp: Client) => void) {
  const connection = await openStream(prepare);
  const { xmpp, socket } = connection;
  const sm = xmpp.streamManagement as unknown as Sm & EventEmitter;
  sm.enabled = true;
  const errors: string[] = [];
  xmpp.on('error', (error: Error) => errors.push(error.message));
  const acked: Element[] = [];
  sm.on('ack', (stanza: Element) => acked.push(stanza));
  const ack = '<a xmlns="urn:xmpp:sm:3" h="1"/>';
  socket.emit('data', Buffer.from(ack));
  await new Promise((resolve) => setImmediate(resolve));
  const message = xml('message', { id: 'm1' });
  await xmpp.send(message);
  socket.emit('data', Buffer.from(ack)); // the next answer: h is cumulative
  await new Promise((resolve) => setImmediate(resolve));
  closeBoth(connection);
  return { errors, acked, message, sm };
}

describe('holdAcksToQueuedStanzas', () => {
  it('an ack that overtook a send acknowledges it with the next answer, counters intact', async () => {
    const { errors, acked, message, sm } = await ackOvertakingTheSend(holdAcksToQueuedStanzas);
    expect(errors).toEqual([]);
    expect(acked).toEqual([message]);
    expect(sm.outbound).toBe(1);
    expect(sm.outbound_q).toEqual([]);
  });

  it('(without it, the library throws and never acknowledges the stanza)', async () => {
    const { errors, acked, sm } = await ackOvertakingTheSend(() => undefined);
    expect(errors).toEqual(["Cannot read properties of undefined (reading 'stanza')"]);
    expect(acked).toEqual([]);
    expect(sm.outbound_q).toHaveLength(1);
  });
});
