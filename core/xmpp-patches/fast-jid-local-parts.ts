/**
 * PATCH (speed), PROCESS-WIDE: JID local parts without escapable characters skip @xmpp/jid's
 * XEP-0106 check.
 *
 * Without it: @xmpp/client parses the `from` and `to` of every stanza in and out into JID
 * objects, and each local part goes through the check: ten replaceAll calls and a
 * regular-expression search. That was a fifth of the library's work per push (about 9 µs of
 * a drained push with its receipt; docs/performance.md). Results are the same either way.
 * It replaces `JID.prototype.setLocal`, so it affects every JID in the process, Herald's
 * own included; it is applied once, however many clients call it.
 * Upstream: none filed; docs/upstream.md#jid-local-part-check.
 * Written for: @xmpp/jid 0.14.0 (replaces `setLocal`, writes the private `_local`).
 */
import { jid } from '@xmpp/client';
import type { PatchInfo } from './patch-info.ts';

export const fastJidLocalPartsPatch: PatchInfo = {
  name: 'useFastJidLocalParts',
  kind: 'speed',
  writtenFor: { '@xmpp/jid': '0.14.0' },
  upstream: 'docs/upstream.md#jid-local-part-check',
};

/** Characters XEP-0106 escapes; a local part without any of them needs no escaping. */
const ESCAPABLE = /[ "&'/:<>@\\]/;
let fastJidLocalParts = false;

/**
 * Only local parts with an escapable character take the library's path. Same results: the
 * library's check can only find escapable characters where one of these is present.
 */
export function useFastJidLocalParts(): void {
  if (fastJidLocalParts) return;
  fastJidLocalParts = true;
  type Local = { _local: string; setLocal(local: string, escape?: boolean): Local };
  const prototype = Object.getPrototypeOf(jid('a@b')) as Local;
  const librarySetLocal = prototype.setLocal;
  prototype.setLocal = function setLocal(this: Local, local: string, escape?: boolean): Local {
    if (escape || (local && ESCAPABLE.test(local)))
      return librarySetLocal.call(this, local, escape);
    this._local = local && local.toLowerCase();
    return this;
  };
}
