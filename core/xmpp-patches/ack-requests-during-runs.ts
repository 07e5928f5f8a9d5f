/**
 * PATCH (speed): ask the server for an ack after every `every` stanzas sent, not only once
 * sending pauses. Applied by ReceiptSender (it picks `every` from its window) and by the
 * gateway's PushRelay, not by applyXmppPatches; the answers are met at once by
 * quick-ack-answers.ts.
 *
 * Without it: the library asks 250 ms after the last stanza sent; a client answering a
 * 10,000-push backlog with receipts never pauses that long, so every receipt (its element
 * tree, kept for a resend after resumption) stayed queued until the drain ended: 9,800 of
 * them at its last push. Outliving several garbage collections, they were promoted, which
 * cost the drain more CPU than building and sending them. A busy gateway, whose 2 ms delay
 * restarts at every push, waited for a pause to learn that its pushes were taken: at 64-256
 * concurrent requests it got a fifth fewer through (docs/performance.md, tenth round).
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
}
