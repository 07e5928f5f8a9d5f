/**
 * PATCH (speed): meet what the server sends with a whitespace, once per event-loop turn, on
 * every online connection, so our TCP acknowledgement of it leaves at once.
 *
 * Without it: a client that has nothing to send back (a gateway waiting on acks, hearing
 * receipts) lets its TCP stack acknowledge a read up to 40 ms later (delayed ACK), and a
 * server with Nagle's algorithm on (Prosody's default) holds its next small write until
 * then: the next push to a client, or the next <a/> to a gateway. A push after every 100th
 * was 40 ms late at 100 pushes/s (p99 29.5 ms, not 8), and one gateway's throughput fell
 * from 1,020/s at 4 concurrent requests to 480–540/s at 8–32 (docs/performance.md).
 * Whitespace is allowed between top-level elements (RFC 6120 §11.7); what we write in the
 * same turn (a receipt) carries it in the same system call (writes-per-turn.ts).
 * Upstream: none filed (the library cannot know the server's Nagle setting either);
 * docs/upstream.md#quick-ack-answers.
 * Written for: @xmpp/connection 0.14.0 (its 'element' event and `status`).
 */
import type { Client } from '@xmpp/client';
import type { PatchInfo } from './patch-info.ts';

export const quickAckAnswersPatch: PatchInfo = {
  name: 'answerReadsAtOnce',
  kind: 'speed',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#quick-ack-answers',
};

export function answerReadsAtOnce(xmpp: Client): void {
  let answeredThisTurn = false;
  xmpp.on('element', () => {
    // Before login the stream may be mid-negotiation (STARTTLS): nothing extra goes out.
    if (answeredThisTurn || xmpp.status !== 'online') return;
    answeredThisTurn = true;
    setImmediate(() => (answeredThisTurn = false));
    xmpp.write(' ').catch(() => {
      // Going away: nothing to acknowledge any more.
    });
  });
}
