import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeStatus } from '../cli/status-text.ts';
import { keepaliveTimeout, XmppSession, type SessionStatus } from './xmpp-session.ts';

describe('keepaliveTimeout', () => {
  it('is the configured timeout when the server has confirmed everything', () => {
    expect(keepaliveTimeout(10_000, 0)).toBe(10_000);
  });

  it('allows the server time for every stanza it must handle before the ping', () => {
    // The receipts for a 10,000-push backlog: a busy server gets 50 s more, not a new login.
    expect(keepaliveTimeout(10_000, 10_000)).toBe(60_000);
  });

  it('never waits more than two minutes for a dead connection', () => {
    expect(keepaliveTimeout(10_000, 1_000_000)).toBe(120_000);
  });
});

describe('a server that breaks the stream parser’s rules', () => {
  const HEADER =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
    "xmlns:stream='http://etherx.jabber.org/streams' id='s' from='localhost' version='1.0'>";
  const READ = 16 * 1024;

  /** A TCP server that answers each stream header with `reply`, in 16 KB writes. */
  async function serverSending(reply: string) {
    const received: string[] = [];
    const sockets = new Set<Socket>();
    let reconnected = (): void => undefined;
    const secondConnection = new Promise<void>((resolve) => (reconnected = resolve));
    const server = createServer((socket) => {
      sockets.add(socket);
      if (sockets.size === 2) reconnected();
      socket.on('error', () => undefined);
      socket.on('data', (data: Buffer) => {
        received.push(data.toString('utf8'));
        if (!data.includes('<stream:stream')) return;
        const stream = HEADER + reply;
        for (let at = 0; at < stream.length && !socket.destroyed; at += READ) {
          socket.write(stream.slice(at, at + READ));
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return {
      port,
      received,
      secondConnection,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        server.close();
        await once(server, 'close');
      },
    };
  }

  const features = (inner: string) => `<stream:features>${inner}</stream:features>`;
  it.each([
    {
      name: 'a 2 MiB element',
      reply: features(`<x xmlns='urn:example'>${'x'.repeat(2 * 1024 * 1024)}</x>`),
      condition: 'policy-violation',
      reason: /element over 1 MiB/,
    },
    {
      name: 'a comment',
      reply: `<!-- hello -->${features('')}`,
      condition: 'restricted-xml',
      reason: /comment/,
    },
  ])(
    '$name: the client sends a $condition stream error, says why and reconnects',
    async ({ reply, condition, reason }) => {
      const server = await serverSending(reply);
      const session = new XmppSession({
        service: `xmpp://127.0.0.1:${server.port}`,
        jid: 'alice@localhost',
        password: 'x',
        allowPlaintext: true,
        backoff: { baseMs: 20, maxMs: 20, jitter: 0 },
      });
      const statuses: SessionStatus[] = [];
      session.on('status', (status) => statuses.push(status));
      const started = process.cpuUsage();
      session.start();
      await server.secondConnection;
      const { user, system } = process.cpuUsage(started);
      await session.stop();
      await server.close();
      expect(server.received.join('')).toContain(
        `<stream:error><${condition} xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>`,
      );
      const dropped = statuses.find((status) => status.state === 'reconnecting');
      expect(dropped?.state === 'reconnecting' && dropped.reason).toMatch(reason);
      expect(describeStatus(dropped as SessionStatus)).toMatch(reason);
      // The 2 MiB element is refused after its first 1 MiB, not parsed to its end.
      expect((user + system) / 1000).toBeLessThan(2_000);
    },
  );
});
