/**
 * WORKAROUNDS (correctness) for @xmpp/iq's caller: catchEarlyIqErrors is applied by
 * applyXmppPatches; abandonIqRequest is called per request.
 *
 * catchEarlyIqErrors — without it: @xmpp/iq keeps a promise per request and rejects it when
 * an error answer arrives (or abandonIqRequest gives up on it), but only awaits it once its
 * own send has resolved. An error answer that comes first is then an unhandled rejection,
 * which ends a Node process. It killed a bench client (a server without MAM answers the
 * archive query at once) and, in CI, a `herald listen` reconnecting to a busy Prosody that
 * answered one of the library's own IQs (its id was the library's, not ours) with
 * service-unavailable: the library's requests need it as much as ours, so it wraps
 * `iqCaller.request` itself, which they all go through.
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
  name: 'catchEarlyIqErrors, abandonIqRequest',
  kind: 'correctness',
  writtenFor: { '@xmpp/iq': '0.14.0' },
  upstream: 'docs/upstream.md#iq-early-error-unhandled',
};

/**
 * Every iqCaller.request, the library's own included, without a way to crash the process: a
 * handler is attached to the library's promise at once; `request` still rejects as before.
 */
export function catchEarlyIqErrors(xmpp: Client): void {
  const caller = xmpp.iqCaller;
  const request = caller.request.bind(caller);
  caller.request = (element: Element, timeoutMs?: number) => {
    const answer = request(element, timeoutMs);
    // request() set the id and registered its promise before its first await.
    void pendingIqsOf(xmpp)
      ?.get(String(element.attrs.id))
      ?.promise?.catch(() => undefined);
    return answer;
  };
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
