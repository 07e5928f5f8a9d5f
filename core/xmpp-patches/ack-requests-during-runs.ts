/**
 * PATCH (speed): ask the server for an ack after every `every` stanzas sent, not only once
 * sending pauses, and meet each answer with a whitespace. Applied by ReceiptSender (it picks
 * `every` from its window), not by applyXmppPatches.
 *
 * Without it: the library asks 250 ms after the last stanza sent; a client answering a
 * 10,000-push backlog with receipts never pauses that long, so every receipt (its element
 * tree, kept for a resend after resumption) stayed queued until the drain ended: 9,800 of
 * them at its last push. Outliving several garbage collections, they were promoted, which
 * cost the drain more CPU than building and sending them. And without the whitespace, our
 * TCP stack acknowledges an <a/> up to 40 ms later (delayed ACK): a server with Nagle's
 * algorithm on (Prosody's default) holds its next small write, the next push, until then: a
 * push after every 100th was 40 ms late at 100 pushes/s (p99 29.5 ms, not 8).
 * Upstream: none filed (xmppjs/xmpp.js#1056 discussed the request debounce);
 * docs/upstream.md#ack-requests-during-runs.
 * Written for: @xmpp/stream-management 0.14.0 (reads `enabled`; sends its <r/> itself).
 */
import { xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { SM_NS, streamManagementOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const ackRequestsDuringRunsPatch: PatchInfo = {
  name: 'requestAcksDuringRuns',
  kind: 'speed',
  writtenFor: { '@xmpp/stream-management': '0.14.0' },
  upstream: 'docs/upstream.md#ack-requests-during-runs',
};

export function requestAcksDuringRuns(xmpp: Client, every: number): void {
  const sm = streamManagementOf(xmpp);
  let sinceRequest = 0;
  xmpp.on('send', (element: Element) => {
    if (!sm.enabled || !xmpp.isStanza(element) || ++sinceRequest < every) return;
    sinceRequest = 0;
    xmpp.send(xml('r', { xmlns: SM_NS })).catch(() => {
      // The connection is going away; the library's own request, or a resumption, follows.
    });
  });
  xmpp.on('nonza', (element: Element) => {
    if (!element.is('a', SM_NS) || xmpp.status !== 'online') return;
    xmpp.write(' ').catch(() => {
      // Going away: nothing to acknowledge any more.
    });
  });
}
