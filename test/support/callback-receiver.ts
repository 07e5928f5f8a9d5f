/**
 * A business system's callback endpoint for gateway tests: a real HTTP server on 127.0.0.1
 * (a free port) that records every request, checks its Herald-Signature as docs/pushing.md
 * tells a receiver to, and can be "down" (every connection reset) for a while.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  /** The signature checked out with the secret, and its time is within 5 minutes. */
  validSignature: boolean;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Distinct event ids, in the order they first came. */
  eventIds(): string[];
  setUp(up: boolean): void;
  /** How many connections were reset while down. */
  refused(): number;
  close(): Promise<void>;
}

export async function startCallbackReceiver(secret: string): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let up = true;
  let refused = 0;
  const server = createServer((request, response) => {
    if (!up) {
      refused += 1;
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        headers: request.headers,
        raw,
        body: JSON.parse(raw) as Record<string, unknown>,
        validSignature: verify(secret, String(request.headers['herald-signature']), raw),
      });
      response.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/herald-events`,
    received,
    eventIds: () => [...new Set(received.map((r) => String(r.body.id)))],
    setUp: (value) => {
      up = value;
    },
    refused: () => refused,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The check docs/pushing.md describes: HMAC over "<t>.<raw body>", t within 5 minutes. */
function verify(secret: string, header: string, raw: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, t, signature] = match as unknown as [string, string, string];
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
