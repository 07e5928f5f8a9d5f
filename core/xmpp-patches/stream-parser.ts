/**
 * PATCH (correctness): parse the client's streams with XmppStreamParser, and let its stream
 * errors name what went wrong.
 *
 * Without it: @xmpp/xml's parser (ltx) drops text after a CDATA section or a comment
 * (docs/upstream.md#ltx-text-after-cdata), and throws on a malformed stream (a bad entity)
 * out of the socket's data handler: an uncaught exception that ends the process. With it,
 * that is an 'error' event (a stream error, then a reconnect). The library answers every
 * parser error with bad-format; ours names the parser's condition (restricted-xml,
 * policy-violation). And after a parse error the library detaches its parser while reads
 * already in flight still arrive: each threw "reading 'write' of null" out of the data
 * handler (docs/upstream.md#data-after-parse-error).
 * Upstream: related xmppjs/xmpp.js#1069 (closed; parse errors surfacing as uncaught
 * exceptions); docs/upstream.md#malformed-stream-throws.
 * Written for: @xmpp/connection 0.14.0 and @xmpp/xml 0.14.0 (the client's `Parser`, which
 * the library reads on every connect; the private `parser`, `_streamError` and `_onData`).
 */
import type { Client } from '@xmpp/client';
import { failedCondition, XmppStreamParser } from '../xmpp-stream-parser.ts';
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
  type Connection = {
    parser: unknown;
    _streamError(condition: string, children?: unknown): Promise<void>;
    _onData(data: Buffer | string): void;
  };
  const connection = xmpp as unknown as Connection;
  const streamError = connection._streamError.bind(connection);
  // Called while the failed parser is still attached; it is detached right after.
  connection._streamError = (condition, children) =>
    streamError(failedCondition(connection.parser) ?? condition, children);
  const onData = connection._onData.bind(connection);
  connection._onData = (data) => {
    if (connection.parser) onData(data);
  };
}
