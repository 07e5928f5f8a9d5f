/**
 * A TCP proxy on loopback that can cut or stall the connections through it, to make the
 * network faults a laptop sees (dropped Wi-Fi, a half-open TCP after sleep) on demand.
 */
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';

export interface TcpProxy {
  readonly port: number;
  /** Destroy every connection (both sides see a reset). */
  cut(): void;
  /** Stop forwarding in both directions without closing anything: a half-open connection. */
  stall(): void;
  /** Forward again; connections stalled meanwhile stay dead. */
  heal(): void;
  /** Keep every byte but deliver nothing: a very slow network. */
  hold(): void;
  /** Deliver what was held, in order, and forward normally again. */
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let stalled = false;
  let held: Array<() => void> | null = null;
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (stalled) return;
        if (held) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const cut = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    port: address.port,
    cut,
    stall() {
      stalled = true;
    },
    heal() {
      stalled = false;
      // Whatever was stalled lost bytes; it is as dead as a real half-open socket.
      cut();
    },
    hold() {
      held ??= [];
    },
    release() {
      const deliveries = held ?? [];
      held = null;
      for (const deliver of deliveries) deliver();
    },
    async close() {
      cut();
      server.close();
      await once(server, 'close');
    },
  };
}
