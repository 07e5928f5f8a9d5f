/**
 * PATCH (correctness): SASL messages go out as UTF-8, as RFC 4422 requires.
 *
 * Without it: @xmpp/sasl base64-encodes each mechanism's response with @xmpp/base64's
 * `encode` (`btoa`), which takes one byte per UTF-16 unit: a user name such as 张三 threw
 * (the login then timed out as "no answer"), and a Latin-1 one (José) went out as Latin-1
 * bytes, not UTF-8, while SCRAM signs the UTF-8 ones.
 * Upstream: fixed by xmppjs/xmpp.js#1122 (merged into master after 0.14.0, not released
 * yet). REMOVE this patch with the release that ships it: on top of the fix it would encode
 * non-ASCII logins twice (the version guard fails on any @xmpp/base64 but 0.14.0).
 * Written for: @xmpp/sasl 0.14.0 and @xmpp/base64 0.14.0 (replaces entries of the private
 * `saslFactory._mechs`).
 */
import type { Client } from '@xmpp/client';
import { saslMechanismsOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const saslUtf8Patch: PatchInfo = {
  name: 'encodeSaslAsUtf8',
  kind: 'correctness',
  writtenFor: { '@xmpp/sasl': '0.14.0', '@xmpp/base64': '0.14.0' },
  upstream: 'xmppjs/xmpp.js#1122',
};

type Response = Promise<string> | string;

/**
 * Each of this client's mechanisms (those registered when it is called) now hands `btoa`
 * the UTF-8 bytes of its response, one char per byte.
 */
export function encodeSaslAsUtf8(xmpp: Client): void {
  for (const entry of saslMechanismsOf<{ response(credentials: object): Response }>(xmpp)) {
    const Library = entry.mech;
    entry.mech = class Utf8Mechanism extends Library {
      override response(credentials: object): Response {
        const response = super.response(credentials);
        return typeof response === 'string' ? utf8Bytes(response) : response.then(utf8Bytes);
      }
    };
  }
}

/** The UTF-8 encoding of a string as one char per byte (what `btoa` encodes). */
function utf8Bytes(text: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII is the same either way
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}
