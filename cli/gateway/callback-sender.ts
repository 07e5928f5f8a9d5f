/**
 * Sends the callbacks the store holds, each until its receiver answers 2xx: at least once,
 * retried with exponential backoff up to a cap, and still owed after a restart (the store
 * keeps them until they are accepted). A receiver dedupes by the event id.
 */
import type { FastifyBaseLogger } from 'fastify';
import { systemClock, type Clock, type TimerHandle } from '../../core/clock.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signCallback } from './callback-signature.ts';
import type { GatewayStore, PendingCallback } from './gateway-store.ts';

export interface CallbackSenderOptions {
  store: GatewayStore;
  /** The token's callbackSecret; undefined when the token is gone from the config. */
  secretFor(tokenName: string): string | undefined;
  retryBaseMs: number;
  retryMaxMs: number;
  log: FastifyBaseLogger;
  clock?: Clock;
}

const BATCH = 16;
/** A receiver that holds the request longer counts as down for this attempt. */
const REQUEST_TIMEOUT_MS = 10_000;

export class CallbackSender {
  readonly #options: CallbackSenderOptions;
  readonly #clock: Clock;
  #timer: TimerHandle | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(options: CallbackSenderOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Something new may be due: send it now rather than at the next timer. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#clock.clearTimeout(this.#timer);
    this.#running = this.#sendDue().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.wake();
      } else {
        this.#schedule();
      }
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(): void {
    const next = this.#options.store.nextCallbackAt();
    if (next === null || this.#stopped) return;
    this.#timer = this.#clock.setTimeout(() => this.wake(), Math.max(0, next - this.#clock.now()));
  }

  async #sendDue(): Promise<void> {
    for (;;) {
      const due = this.#options.store.dueCallbacks(BATCH);
      if (due.length === 0 || this.#stopped) return;
      await Promise.all(due.map((callback) => this.#send(callback)));
    }
  }

  async #send(callback: PendingCallback): Promise<void> {
    const { store, log } = this.#options;
    const secret = this.#options.secretFor(callback.tokenName);
    if (secret === undefined) {
      log.error(
        { eventId: callback.eventId, token: callback.tokenName },
        'callback dropped: its token has no callbackSecret any more',
      );
      return store.callbackDelivered(callback.eventId);
    }
    let outcome: string;
    try {
      const response = await fetch(callback.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signCallback(
            secret,
            callback.body,
            Math.floor(this.#clock.now() / 1000),
          ),
          [EVENT_ID_HEADER]: callback.eventId,
        },
        body: callback.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        log.info({ eventId: callback.eventId, attempts: callback.attempts + 1 }, 'callback sent');
        return store.callbackDelivered(callback.eventId);
      }
      outcome = `HTTP ${response.status}`;
    } catch (error) {
      outcome = (error as Error).message;
    }
    const delay = Math.min(
      this.#options.retryMaxMs,
      this.#options.retryBaseMs * 2 ** Math.min(callback.attempts, 30),
    );
    store.callbackFailed(callback.eventId, this.#clock.now() + delay);
    log.warn(
      { eventId: callback.eventId, attempts: callback.attempts + 1, retryInMs: delay, outcome },
      'callback failed; will retry',
    );
  }
}
