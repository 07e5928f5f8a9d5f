/**
 * PATCH (speed): when the server is likely to hold its next small write until our TCP stack
 * acknowledges its last one, acknowledge at once: meet the read with a whitespace (allowed
 * between stanzas, RFC 6120 §11.7). Applied to every session by applyXmppPatches.
 *
 * Without it: our TCP stack acknowledges a read up to 40 ms later (delayed ACK) when we have
 * nothing to send back, and a server with Nagle's algorithm on (Prosody's default) holds its
 * next small write until then. Two cases hit it (docs/performance.md):
 * - a stream-management <a/>: the client's next push after one was 40 ms late, one push in
 *   100 at 100 pushes/s (p99 29.5 ms instead of 8);
 * - any read (a receipt, a marker) while stanzas we sent await the server's <a/>: that <a/>
 *   waited behind it, so a gateway with 8–32 HTTP requests in flight sent fewer pushes a
 *   second than with 4.
 * Nothing is written when we already wrote since the read (that write carried the
 * acknowledgement) or when neither case holds, so a quiet connection stays quiet.
 * Upstream: none filed (the library cannot know the server's Nagle setting either);
 * docs/upstream.md#quick-ack-answers.
 * Written for: @xmpp/connection 0.14.0 (wraps `write`, listens to 'element') and
 * @xmpp/stream-management 0.14.0 (its queue, through internals.ts).
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { SM_NS, unacknowledgedStanzas } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const quickAckAnswersPatch: PatchInfo = {
  name: 'acknowledgeReadsAtOnce',
  kind: 'speed',
  writtenFor: { '@xmpp/connection': '0.14.0', '@xmpp/stream-management': '0.14.0' },
  upstream: 'docs/upstream.md#quick-ack-answers',
};

/** Checked once per event-loop turn that read something, after the turn's own writes. */
export function acknowledgeReadsAtOnce(xmpp: Client): void {
  type Writer = { write(data: string): Promise<void> };
  const connection = xmpp as unknown as Writer;
  const write = connection.write.bind(connection);
  let wroteSinceRead = false;
  connection.write = (data) => {
    wroteSinceRead = true;
    return write(data);
  };

  let checkPending = false;
  let readAnAck = false;
  xmpp.on('element', (element: Element) => {
    wroteSinceRead = false;
    if (element.is('a', SM_NS)) readAnAck = true;
    if (checkPending) return;
    checkPending = true;
    setImmediate(() => {
      checkPending = false;
      const afterAck = readAnAck;
      readAnAck = false;
      if (wroteSinceRead || xmpp.status !== 'online') return;
      if (!afterAck && unacknowledgedStanzas(xmpp) === 0) return;
      write(' ').catch(() => {
        // Going away: nothing to acknowledge any more.
      });
    });
  });
}
