/**
 * For the in-process throughput bench: the engine's own @xmpp/client, put in the state of
 * an online session without a network. Wire XML goes in through the client's stream parser,
 * so each push also pays what the library does per stanza (its middleware, stream-management
 * counting, address parsing) and each receipt its send path (middleware, stream-management
 * queue, serializing); what the client writes is counted and dropped. A bench fixture only:
 * it sets library internals that the real connection sets while logging in.
 */
import { jid } from '@xmpp/client';
import type { HeraldEngine } from '../../core/engine.ts';

const STREAM_HEADER =
  '<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" from="localhost" version="1.0">';

interface ConnectionInternals {
  socket: { write(data: string, done: (error?: Error) => void): void } | null;
  jid: unknown;
  status: string;
  parser: { write(text: string): void } | null;
  _attachParser(parser: unknown): void;
  _findTransport(service: string): unknown;
  Parser: new () => unknown;
  Transport: unknown;
  streamManagement: { enabled: boolean; outbound: number; outbound_q: unknown[] };
}

export interface OfflineClient {
  /** Bytes of wire XML, as the socket would deliver them. */
  receive(text: string): void;
  /** The server's <a/> for everything sent so far, as Prosody answers the client's <r/>. */
  acknowledgeAll(): void;
  /** Bytes the client wrote (receipts, acks). */
  readonly bytesWritten: number;
}

export function attachOfflineClient(engine: HeraldEngine, fullJid: string): OfflineClient {
  const xmpp = engine.session.xmpp as unknown as ConnectionInternals;
  let bytesWritten = 0;
  xmpp.socket = {
    write(data, done) {
      bytesWritten += Buffer.byteLength(data);
      done();
    },
  };
  // What connect() would pick for an xmpp:// service: the TCP transport, and the parser the
  // session gave the client (core/xmpp-patches/stream-parser.ts useHeraldStreamParser).
  const transport = xmpp._findTransport('xmpp://127.0.0.1:5222');
  if (!transport) throw new Error('@xmpp/client has no TCP transport');
  xmpp.Transport = transport;
  xmpp._attachParser(new xmpp.Parser());
  xmpp.parser?.write(STREAM_HEADER);
  xmpp.jid = jid(fullJid);
  xmpp.status = 'online';
  // As after <enabled/>: every receipt is queued until the server acknowledges it.
  xmpp.streamManagement.enabled = true;
  // The engine's receipts go through the client's real send path from now on.
  engine.session.send = (element) => engine.session.xmpp.send(element);
  const sm = xmpp.streamManagement;
  return {
    receive: (text) => xmpp.parser?.write(text),
    acknowledgeAll: () =>
      xmpp.parser?.write(`<a xmlns="urn:xmpp:sm:3" h="${sm.outbound + sm.outbound_q.length}"/>`),
    get bytesWritten() {
      return bytesWritten;
    },
  };
}
