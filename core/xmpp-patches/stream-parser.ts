/**
 * PATCH (correctness; also faster): parse the client's streams with XmppStreamParser.
 *
 * Without it: @xmpp/xml's parser (ltx) throws on a malformed stream (a bad entity) out of the
 * socket's data handler: an uncaught exception that ends the process. With it, that is an
 * 'error' event (a bad-format stream error, then a reconnect). It is also faster than ltx.
 * Upstream: related xmppjs/xmpp.js#1069 (closed; parse errors surfacing as uncaught
 * exceptions); docs/upstream.md#malformed-stream-throws.
 * Written for: @xmpp/connection 0.14.0 and @xmpp/xml 0.14.0 (the client's `Parser`, which
 * the library reads on every connect).
 */
import type { Client } from '@xmpp/client';
import { XmppStreamParser } from '../xmpp-stream-parser.ts';
import type { PatchInfo } from './patch-info.ts';

export const streamParserPatch: PatchInfo = {
  name: 'useHeraldStreamParser',
  kind: 'correctness',
  writtenFor: { '@xmpp/connection': '0.14.0', '@xmpp/xml': '0.14.0' },
  upstream: 'docs/upstream.md#malformed-stream-throws',
};

/** The library picks its transport's parser on every connect; the property keeps ours. */
export function useHeraldStreamParser(xmpp: Client): void {
  Object.defineProperty(xmpp, 'Parser', {
    get: () => XmppStreamParser,
    set: () => undefined,
    configurable: true,
  });
}
