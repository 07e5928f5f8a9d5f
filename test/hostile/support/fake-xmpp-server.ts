/**
 * Just enough of an XMPP server to test what a client does before it logs in: it opens the
 * stream and offers STARTTLS (then upgrades with the certificate it was given), or speaks
 * TLS from the first byte, or offers SASL over plaintext. It never authenticates anybody; it
 * records every byte the client sent, so a test can prove that no credentials left.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import tls from 'node:tls';
import type { KeyPair } from './bad-certificates.ts';

export type FakeServerMode =
  | { kind: 'starttls'; certificate: KeyPair }
  | { kind: 'direct-tls'; certificate: KeyPair }
  /** No TLS offered; these SASL mechanisms are. */
  | { kind: 'plaintext'; mechanisms: string[] };

export interface FakeXmppServer {
  readonly port: number;
  /** Every byte clients sent, as text (after the TLS upgrade: what arrived inside TLS). */
  readonly received: string[];
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const STREAM_HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
  "xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='localhost' version='1.0'>";

export async function startFakeXmppServer(mode: FakeServerMode): Promise<FakeXmppServer> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };

  const speakXmpp = (socket: Socket) => {
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      received.push(text);
      buffer += text;
      if (buffer.includes('<stream:stream')) {
        buffer = '';
        socket.write(`${STREAM_HEADER}<stream:features>${features()}</stream:features>`);
      } else if (mode.kind === 'starttls' && buffer.includes('<starttls')) {
        buffer = '';
        socket.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", () => {
          socket.removeAllListeners('data');
          const secure = new tls.TLSSocket(socket, {
            isServer: true,
            ...keyAndCert(mode.certificate),
          });
          track(secure);
          secure.on('data', (inner: Buffer) => received.push(inner.toString('utf8')));
        });
      } else if (buffer.includes('<auth')) {
        socket.end(
          "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure></stream:stream>",
        );
      }
    });
  };

  const features = () =>
    mode.kind === 'starttls'
      ? "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
      : mode.kind === 'plaintext'
        ? `<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${mode.mechanisms.map((m) => `<mechanism>${m}</mechanism>`).join('')}</mechanisms>`
        : '';

  let server: Server;
  if (mode.kind === 'direct-tls') {
    server = tls.createServer(keyAndCert(mode.certificate), (socket) => {
      track(socket);
      socket.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));
    });
    server.on('connection', (socket: Socket) => {
      connections++;
      track(socket);
    });
    server.on('tlsClientError', () => undefined);
  } else {
    server = createServer((socket) => {
      connections++;
      track(socket);
      speakXmpp(socket);
    });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    received,
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

function keyAndCert(pair: KeyPair): { key: string; cert: string } {
  return { key: pair.key, cert: pair.cert };
}
