/**
 * What the gateway knows about each push it sent: per recipient `pending` (handed to the
 * XMPP server, not yet acknowledged) → `sent` → `delivered`
 * (XEP-0184 receipt) → `read` (XEP-0333 displayed marker). In memory and bounded by age and
 * count: it answers "did it arrive?", it is not a store of record (the XMPP server is).
 */
import { systemClock, type Clock } from '../../core/clock.ts';

export const DELIVERY_STATES = ['pending', 'sent', 'delivered', 'read'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface RecipientDelivery {
  jid: string;
  state: DeliveryState;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

export interface DeliveryRecord {
  id: string;
  /** Identifies the request's content, so a retry can be told from a different push. */
  fingerprint: string;
  createdAt: number;
  recipients: RecipientDelivery[];
}

export interface LedgerOptions {
  ttlMs: number;
  maxEntries: number;
  /** Its wall time dates the records (epoch ms, reported to callers) and their expiry. */
  clock?: Clock;
}

export class DeliveryLedger {
  // A Map iterates in insertion order: the first entries are the oldest.
  readonly #records = new Map<string, DeliveryRecord>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: Clock;

  constructor(options: LedgerOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#clock = options.clock ?? systemClock;
  }

  get size(): number {
    return this.#records.size;
  }

  get(id: string): DeliveryRecord | undefined {
    this.#expire();
    return this.#records.get(id);
  }

  /**
   * Records a push about to be sent: every new recipient is `pending`. Call it before
   * sending, because a fast client's receipt can arrive before the server's ack does.
   */
  begin(id: string, fingerprint: string, recipients: readonly string[]): DeliveryRecord {
    const now = this.#clock.now();
    const previous = this.#records.get(id);
    const record: DeliveryRecord = {
      id,
      fingerprint,
      createdAt: previous?.createdAt ?? now,
      recipients: recipients.map(
        (jid) =>
          previous?.recipients.find((r) => r.jid === jid) ?? {
            jid,
            state: 'pending',
            updatedAt: now,
          },
      ),
    };
    this.#records.delete(id);
    this.#records.set(id, record);
    this.#expire();
    return record;
  }

  /** The server acknowledged the push: whoever is still `pending` is `sent`. */
  markSent(id: string): DeliveryRecord | undefined {
    const record = this.get(id);
    for (const recipient of record?.recipients ?? []) {
      if (recipient.state === 'pending') this.#move(recipient, 'sent');
    }
    return record;
  }

  /** The push never reached the server: forget it unless a client already reported it. */
  abandon(id: string): void {
    const record = this.#records.get(id);
    if (record?.recipients.every((r) => r.state === 'pending')) this.#records.delete(id);
  }

  /**
   * A receipt or marker from `fromBareJid` for push `id`. Only a recipient of that push can
   * move its own state, and only forward. Answers whether anything changed.
   */
  advance(id: string, fromBareJid: string, state: 'delivered' | 'read'): boolean {
    const recipient = this.get(id)?.recipients.find((r) => r.jid === fromBareJid);
    if (!recipient) return false;
    if (DELIVERY_STATES.indexOf(state) <= DELIVERY_STATES.indexOf(recipient.state)) return false;
    this.#move(recipient, state);
    return true;
  }

  #move(recipient: RecipientDelivery, state: DeliveryState): void {
    recipient.state = state;
    recipient.updatedAt = this.#clock.now();
  }

  #expire(): void {
    const oldestAllowed = this.#clock.now() - this.#ttlMs;
    for (const [id, record] of this.#records) {
      if (record.createdAt >= oldestAllowed && this.#records.size <= this.#maxEntries) break;
      this.#records.delete(id);
    }
  }
}
