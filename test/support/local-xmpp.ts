/**
 * A real @xmpp/client connected to a bare local TCP server that the test drives by hand: for
 * the patch tests of core/xmpp-patches/, which need the library's own socket handling but no
 * XMPP server.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach } from 'vitest';
import { client, type Client } from '@xmpp/client';

const servers = new Set<Server>();
afterEach(() => {
  for (const server of servers) server.close();
  servers.clear();
});

/** A client that is never connected, for what needs only its construction. */
export function unconnectedClient(): Client {
  return client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
}

const STREAM_HEADER =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' version='1.0'>";

export interface LocalConnection {
  xmpp: Client;
  /** The client's socket: emit 'data' on it to deliver bytes as one read. */
  socket: Socket;
  /** The server's end. */
  peer: Socket;
}

export interface LocalServerOptions {
  /** The server's end stays open after the client's FIN (Node's default closes it too). */
  allowHalfOpen?: boolean;
}

/** A client connected (TCP only, no stream yet) to a local server; `prepare` runs before. */
export async function connectLocally(
  prepare: (xmpp: Client) => void,
  options: LocalServerOptions = {},
): Promise<LocalConnection> {
  const server = createServer({ allowHalfOpen: options.allowHalfOpen ?? false });
  servers.add(server);
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const xmpp = client({ service: `xmpp://127.0.0.1:${address.port}`, domain: 'localhost' });
  xmpp.on('error', () => undefined);
  prepare(xmpp);
  await xmpp.connect(`xmpp://127.0.0.1:${address.port}`);
  const [peer] = await accepted;
  return { xmpp, socket: xmpp.socket as unknown as Socket, peer };
}

/** Connected as above, and the server's stream header has arrived. */
export async function openStream(
  prepare: (xmpp: Client) => void,
  options: LocalServerOptions = {},
): Promise<LocalConnection> {
  const connected = await connectLocally(prepare, options);
  const opened = connected.xmpp.open({ domain: 'localhost' });
  await once(connected.peer, 'data'); // the client's stream header: its parser is listening
  connected.socket.emit('data', Buffer.from(STREAM_HEADER));
  await opened;
  return connected;
}

/** Everything the server receives from now on, as text. */
export function received(peer: Socket): { text(): string } {
  let text = '';
  peer.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { text: () => text };
}

export function closeBoth({ socket, peer }: LocalConnection): void {
  socket.destroy();
  peer.destroy();
}
