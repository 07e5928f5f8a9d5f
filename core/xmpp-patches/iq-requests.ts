/**
 * WORKAROUNDS (correctness) for @xmpp/iq's caller, used per request instead of
 * `iqCaller.request` (not applied by applyXmppPatches).
 *
 * requestIq — without it: @xmpp/iq keeps a promise per request and rejects it when an error
 * answer arrives (or abandonIqRequest gives up on it), but only awaits it once its own send
 * has resolved. An error answer that comes first (a server without MAM answers the archive
 * query at once) is then an unhandled rejection, which ends a Node process: it killed a
 * client in the bench on a loaded machine.
 * abandonIqRequest — without it: the library settles a request only on its answer or its
 * timeout (30 s by default), and until then its timer keeps the process alive: a stopped
 * `herald gateway` or `herald send` would not exit. ejabberd does not answer an IQ that
 * races with the client's closing the stream, so this is hit in practice.
 * Upstream: related xmppjs/xmpp.js#868 (closed; an unhandled TimeoutError from
 * iqCaller.request); docs/upstream.md#iq-early-error-unhandled and
 * docs/upstream.md#iq-cannot-be-cancelled.
 * Written for: @xmpp/iq 0.14.0 (reads and edits the private `iqCaller.handlers`).
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { pendingIqsOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const iqRequestsPatch: PatchInfo = {
  name: 'requestIq, abandonIqRequest',
  kind: 'correctness',
  writtenFor: { '@xmpp/iq': '0.14.0' },
  upstream: 'docs/upstream.md#iq-early-error-unhandled',
};

/**
 * iqCaller.request without a way to crash the process: a handler is attached to the
 * library's promise at once; it still rejects `request`'s own promise as before.
 */
export function requestIq(xmpp: Client, element: Element, timeoutMs: number): Promise<Element> {
  const answer = xmpp.iqCaller.request(element, timeoutMs);
  // request() set the id and registered its promise before its first await.
  void pendingIqsOf(xmpp)
    ?.get(String(element.attrs.id))
    ?.promise?.catch(() => undefined);
  return answer;
}

/**
 * Settles an IQ request that will never be answered (the connection is gone) with `error`,
 * and forgets it.
 */
export function abandonIqRequest(xmpp: Client, id: string, error: Error): void {
  const handlers = pendingIqsOf(xmpp);
  const pending = handlers?.get(id);
  if (!pending) return;
  handlers?.delete(id);
  pending.reject(error);
}
