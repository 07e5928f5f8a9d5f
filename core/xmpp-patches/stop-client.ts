/**
 * WORKAROUND (correctness): stop a client and make sure its socket is gone. Used instead of
 * `xmpp.stop()` (not applied by applyXmppPatches).
 *
 * Without it: @xmpp/connection ends its side, waits 2 s for the server to close the other,
 * then stops listening to the socket but leaves it open (an error that socket reports later
 * is kept harmless by late-socket-errors.ts). By then the library has let go of the socket
 * (`xmpp.socket` is null), so it is taken before stop() begins.
 * Upstream: related xmppjs/xmpp.js#1048 (merged: a race when the socket closes after that
 * timeout); docs/upstream.md#stop-leaves-socket-open.
 * Written for: @xmpp/connection 0.14.0 (public `stop` and `status`; the socket through
 * internals.ts).
 */
import type { Client } from '@xmpp/client';
import { socketOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const stopClientPatch: PatchInfo = {
  name: 'stopClient',
  kind: 'correctness',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#stop-leaves-socket-open',
};

/** Closes the stream politely if it can, then destroys the socket in any case. */
export async function stopClient(xmpp: Client): Promise<void> {
  const socket = socketOf<{ destroy(): void }>(xmpp);
  try {
    if (xmpp.status !== 'offline') await xmpp.stop();
  } catch {
    // Not answered or already broken: nothing left to close politely.
  } finally {
    socket?.destroy?.();
  }
}
