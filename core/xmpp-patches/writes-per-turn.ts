/**
 * PATCH (speed): what is written in one turn of the event loop goes out in one system call
 * (and, over TLS, in as few records as fit).
 *
 * Without it: a drain answers each batch of pushes it stored with a burst of receipts; Node
 * coalesced them only while an earlier write was still in flight (docs/performance.md).
 * Upstream: none filed; docs/upstream.md#writes-per-turn.
 * Written for: @xmpp/connection 0.14.0 (wraps `write`, which every send goes through).
 */
import type { Client } from '@xmpp/client';
import { socketOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const writesPerTurnPatch: PatchInfo = {
  name: 'batchWritesPerTurn',
  kind: 'speed',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#writes-per-turn',
};

/**
 * The socket is corked at the first write and uncorked on the next setImmediate, after the
 * turn's promise continuations. The delay is the rest of one event-loop turn.
 */
export function batchWritesPerTurn(xmpp: Client): void {
  type Writer = { write(data: string): Promise<void> };
  const connection = xmpp as unknown as Writer;
  const write = connection.write.bind(connection);
  let corked = false;
  connection.write = (data) => {
    const socket = socketOf<{ cork(): void; uncork(): void }>(xmpp);
    if (!corked && socket?.cork && socket.uncork) {
      socket.cork();
      corked = true;
      setImmediate(() => {
        corked = false;
        socket.uncork?.();
      });
    }
    return write(data);
  };
}
