/**
 * PATCH (correctness): an ack (<a h="…"/>) that counts stanzas the library has not queued
 * yet is held to what it has queued.
 *
 * Without it: @xmpp/stream-management queues a sent stanza for acknowledgement only once its
 * socket write has called back, and libuv runs write callbacks a loop iteration late, so an
 * answer to an ack request sent right after a run of stanzas can overtake them. The library
 * then threw ("Cannot read properties of undefined (reading 'stanza')") and counted one
 * stanza acknowledged that it never released: the rest of the stream's acks were off by one
 * and a receipt, or a gateway's push, waited forever.
 * Upstream: the same crash site, reached after a page reload, is xmppjs/xmpp.js#1119 (open);
 * this cause is docs/upstream.md#ack-overtakes-queue.
 * Written for: @xmpp/stream-management 0.14.0 (reads its `outbound` and `outbound_q`).
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { SM_NS } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const acksToQueuedStanzasPatch: PatchInfo = {
  name: 'holdAcksToQueuedStanzas',
  kind: 'correctness',
  writtenFor: { '@xmpp/stream-management': '0.14.0' },
  upstream: 'docs/upstream.md#ack-overtakes-queue',
};

/**
 * h is cumulative, and every queued stanza schedules the library's own request, so the next
 * answer acknowledges the rest.
 */
export function holdAcksToQueuedStanzas(xmpp: Client): void {
  const sm = xmpp.streamManagement as unknown as { outbound: number; outbound_q: unknown[] };
  // Prepended: the library's middleware handles the ack in its own 'element' listener.
  xmpp.prependListener('element', (element: Element) => {
    if (!element.is('a', SM_NS)) return;
    const queued = sm.outbound + sm.outbound_q.length;
    if (Number(element.attrs.h) > queued) element.attrs.h = String(queued);
  });
}
