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
  /**
   * Start holding (as `hold`) at the first chunk from a client that contains `text`, that
   * chunk included; resolves then. A server slow to answer one step of the handshake.
   */
  holdWhenClientSends(text: string): Promise<void>;
  /**
   * The connections open now go silent forever without closing (a laptop waking up on another
   * network: the old TCP is half-open); new connections work normally.
   */
  halfOpenExisting(): void;
  /**
   * Deliver every chunk in pieces of at most `maxBytes`, each on a later turn of the event loop
   * (a slow, fragmenting network); 0 forwards whole chunks again.
   */
  fragment(maxBytes: number): void;
  /** Connections accepted so far (a reconnect shows as one more). */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const silenced = new WeakSet<Socket>();
  let stalled = false;
  let held: Array<() => void> | null = null;
  let fragmentBytes = 0;
  let holdTrigger: { text: string; started: () => void } | null = null;
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) => {
      // Pieces of one direction stay in order: each waits for the one before it.
      let queue = Promise.resolve();
      from.on('data', (chunk: Buffer) => {
        if (stalled || silenced.has(from)) return;
        if (from === client && holdTrigger && chunk.includes(holdTrigger.text)) {
          held ??= [];
          holdTrigger.started();
          holdTrigger = null;
        }
        if (held) held.push(() => to.write(chunk));
        else if (fragmentBytes > 0)
          queue = queue.then(() => writeInPieces(to, chunk, fragmentBytes));
        else to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const closeFrom = (side: Socket) => () => {
      // Across a half-open connection a close never reaches the other end.
      if (silenced.has(side)) {
        side.destroy();
        return;
      }
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeFrom(client)).on('error', closeFrom(client));
    upstream.on('close', closeFrom(upstream)).on('error', closeFrom(upstream));
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
    holdWhenClientSends(text) {
      return new Promise((started) => (holdTrigger = { text, started }));
    },
    halfOpenExisting() {
      for (const [a, b] of pairs) {
        silenced.add(a);
        silenced.add(b);
      }
    },
    fragment(maxBytes) {
      fragmentBytes = maxBytes;
    },
    get accepted() {
      return accepted;
    },
    async close() {
      cut();
      server.close();
      await once(server, 'close');
    },
  };
}

async function writeInPieces(to: Socket, chunk: Buffer, maxBytes: number): Promise<void> {
  for (let at = 0; at < chunk.length; at += maxBytes) {
    if (to.destroyed) return;
    to.write(chunk.subarray(at, at + maxBytes));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
