/**
 * PATCH (correctness): keep an error listener on every socket the client ever had.
 *
 * Without it: @xmpp/connection removes its own listeners when the connection closes, and a
 * write still pending then fails later (EPIPE, ECONNRESET): the TLS wrapper re-emitted that
 * with no listener left, an uncaught exception that ended `herald listen` while a busy
 * server closed its side.
 * Upstream: none open (xmppjs/xmpp.js#481 was the same crash in 2017, fixed then by #514);
 * docs/upstream.md#late-socket-errors.
 * Written for: @xmpp/connection 0.14.0 (wraps the private `_attachSocket`).
 */
import type { Client } from '@xmpp/client';
import type { PatchInfo } from './patch-info.ts';

export const lateSocketErrorsPatch: PatchInfo = {
  name: 'keepLateSocketErrorsHandled',
  kind: 'correctness',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#late-socket-errors',
};

/**
 * Every socket the client takes on (the TCP one, then the TLS one after STARTTLS) keeps an
 * error listener for good. While the client listens, it still gets every error.
 */
export function keepLateSocketErrorsHandled(xmpp: Client): void {
  type Attach = {
    _attachSocket(socket: { on?(event: 'error', listener: () => void): unknown }): void;
  };
  const connection = xmpp as unknown as Attach;
  const attach = connection._attachSocket.bind(connection);
  connection._attachSocket = (socket) => {
    socket.on?.('error', () => undefined);
    attach(socket);
  };
}
