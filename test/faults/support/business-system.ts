/**
 * A business system pushing through `herald gateway` the way docs/pushing.md tells one to:
 * every push has its own id, and a push is retried with the same id until the gateway
 * answers 200 (network errors, 503 while XMPP is down, 429), never on a 4xx verdict.
 */
export interface BusinessSystemOptions {
  /** The gateway's base URL; read on every attempt, so a restarted gateway is found. */
  url: () => string;
  token: string;
  /** Pause between attempts: a real system backs off too. */
  retryDelayMs?: number;
}

export class BusinessSystem {
  /** Ids the gateway answered 200 for. */
  readonly confirmed = new Set<string>();
  /** Attempts that did not get 200 (refused connections, 503s…), for the report. */
  retries = 0;
  readonly #options: BusinessSystemOptions;

  constructor(options: BusinessSystemOptions) {
    this.#options = options;
  }

  /** Posts one push until it is accepted. */
  async deliver(id: string, to: string, title = `Fault test ${id}`): Promise<void> {
    const body = JSON.stringify({ id, to, kind: 'todo', title, body: `Push ${id}` });
    for (;;) {
      const status = await this.#attempt(body);
      if (status === 200) {
        this.confirmed.add(id);
        return;
      }
      if (status !== null && status < 500 && status !== 429) {
        throw new Error(`gateway refused push ${id} with ${status}`);
      }
      this.retries++;
      await new Promise((resolve) => setTimeout(resolve, this.#options.retryDelayMs ?? 100));
    }
  }

  /** Delivers every id, `concurrency` requests at a time, in id order per worker. */
  async deliverAll(ids: readonly string[], to: string, concurrency = 8): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < ids.length) await this.deliver(ids[next++]!, to);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  async #attempt(body: string): Promise<number | null> {
    try {
      const response = await fetch(`${this.#options.url()}/v1/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#options.token}`,
          'content-type': 'application/json',
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null; // refused, reset, timed out: the gateway is not there right now
    }
  }
}
