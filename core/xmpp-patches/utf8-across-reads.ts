/**
 * PATCH (correctness): decode socket reads as UTF-8 across read boundaries.
 *
 * Without it: @xmpp/connection turns each read into a string on its own
 * (`data.toString('utf8')`), so a character whose bytes a TLS record boundary split (any
 * text past 16 KB: a long Chinese body) became two or three U+FFFD.
 * Upstream: none filed; docs/upstream.md#utf-8-across-reads.
 * Written for: @xmpp/connection 0.14.0 (wraps the private `_onData` and `_attachSocket`).
 */
import { StringDecoder } from 'node:string_decoder';
import type { Client } from '@xmpp/client';
import type { PatchInfo } from './patch-info.ts';

export const utf8AcrossReadsPatch: PatchInfo = {
  name: 'decodeUtf8AcrossReads',
  kind: 'correctness',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#utf-8-across-reads',
};

/**
 * Each socket (the TCP one, then the TLS one after STARTTLS) gets its own decoder, which
 * keeps an incomplete character's bytes until the next read completes it.
 */
export function decodeUtf8AcrossReads(xmpp: Client): void {
  type Reader = { _onData(data: Buffer | string): void; _attachSocket(socket: unknown): void };
  const connection = xmpp as unknown as Reader;
  const onData = connection._onData.bind(connection);
  const attach = connection._attachSocket.bind(connection);
  let decoder = new StringDecoder('utf8');
  connection._attachSocket = (socket) => {
    decoder = new StringDecoder('utf8');
    attach(socket);
  };
  connection._onData = (data) => {
    const text = typeof data === 'string' ? data : decoder.write(data);
    if (text !== '') onData(text);
  };
}
