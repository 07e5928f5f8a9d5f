/**
 * WORKAROUND (correctness): stop a client and make sure its socket is gone. Used instead of
 * `xmpp.stop()` (not applied by applyXmppPatches).
 *
 * Without it: @xmpp/connection waits 2 s for the server to close its side and then stops
 * listening to the socket, but leaves it open (an error that socket reports later is kept
 * harmless by late-socket-errors.ts).
 * Known gap: when stop()'s close times out, the library has already detached the socket
 * (`xmpp.socket` is null), so dropSocket finds nothing to destroy and the socket stays open,
 * as without this (checked on 0.14.0 against a server that keeps its side open). No test
 * shows a failure without it for that reason.
 * Upstream: related xmppjs/xmpp.js#1048 (merged: a race when the socket closes after that
 * timeout); docs/upstream.md#stop-leaves-socket-open.
 * Written for: @xmpp/connection 0.14.0 (public `stop` and `status`; the socket through
 * internals.ts).
 */
import type { Client } from '@xmpp/client';
import { dropSocket } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const stopClientPatch: PatchInfo = {
  name: 'stopClient',
  kind: 'correctness',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#stop-leaves-socket-open',
};

/** Closes the stream politely if it can, then destroys the socket in any case. */
export async function stopClient(xmpp: Client): Promise<void> {
  try {
    if (xmpp.status !== 'offline') await xmpp.stop();
  } catch {
    // Not answered or already broken: nothing left to close politely.
  } finally {
    dropSocket(xmpp);
  }
}
