/** HTTP load for the gateway: keep-alive POSTs, an open-loop pacer and a closed-loop driver. */
import { Agent, request } from 'node:http';
import { monotonicMs, sleep } from './clock.ts';

export interface PostResult {
  status: number;
  sentAt: number;
  answeredAt: number;
}

export class JsonPoster {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 512 });
  readonly #url: URL;
  readonly #token: string;

  constructor(url: string, token: string) {
    this.#url = new URL(url);
    this.#token = token;
  }

  post(path: string, body: unknown, method = 'POST'): Promise<PostResult> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const sentAt = monotonicMs();
      const req = request(
        {
          agent: this.#agent,
          host: this.#url.hostname,
          port: this.#url.port,
          path,
          method,
          headers: {
            authorization: `Bearer ${this.#token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, sentAt, answeredAt: monotonicMs() }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/**
 * Open loop: starts `send(i)` at `rate` per second for `durationMs`, whether or not earlier
 * ones finished (a business system does not wait for Herald), then waits for all of them.
 * Sends are paced against the clock, so a late timer catches up instead of lowering the rate.
 */
export async function openLoop<T>(
  rate: number,
  durationMs: number,
  send: (index: number) => Promise<T>,
): Promise<T[]> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const started = monotonicMs();
  const inFlight: Array<Promise<T>> = [];
  while (inFlight.length < total) {
    const due = Math.min(total, Math.floor(((monotonicMs() - started) * rate) / 1000) + 1);
    while (inFlight.length < due) inFlight.push(send(inFlight.length));
    if (inFlight.length < total) {
      const nextAt = started + (inFlight.length * 1000) / rate;
      await sleep(Math.max(0, nextAt - monotonicMs()));
    }
  }
  return Promise.all(inFlight);
}

/** Closed loop: `concurrency` senders, each sending again as soon as its answer came. */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  send: () => Promise<void>,
): Promise<void> {
  const until = monotonicMs() + durationMs;
  const worker = async () => {
    while (monotonicMs() < until) await send();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
