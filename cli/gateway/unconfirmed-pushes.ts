/**
 * Pushes sent to the XMPP server that no recipient's client has confirmed yet, kept for a
 * short while so they can be sent again when the server may have lost them.
 *
 * A server's XEP-0198 ack says it received a stanza, not that it stored or delivered it:
 * ejabberd acks once the message is routed to the recipient's session process, and a restart
 * in the next moment loses what that process had not archived yet (found by the fault suite:
 * 2 of 300 pushes gone, on neither the client nor the server's archive). The gateway's 200 is
 * already out, so the business system will not retry; the gateway sends such pushes again on
 * the next new (not resumed) session. Clients drop the repeats by push id.
 */
import type { Element } from '@xmpp/xml';
import { systemClock, type Clock } from '../../core/clock.ts';

export interface UnconfirmedPushesOptions {
  /** How long before a lost stream a sent push still counts as possibly lost. */
  windowMs: number;
  /** Memory bound: beyond this many, the oldest are no longer resent. */
  maxMessages: number;
  /** Its monotonic time dates sends and losses: a wall-clock jump must not matter. */
  clock?: Clock;
}

interface Unconfirmed {
  message: Element;
  sentAt: number;
}

export class UnconfirmedPushes {
  // Insertion order is send order: the first entries are the oldest.
  readonly #messages = new Map<string, Unconfirmed>();
  readonly #windowMs: number;
  readonly #maxMessages: number;
  readonly #clock: Clock;
  #streamLostAt: number | null = null;

  constructor(options: UnconfirmedPushesOptions) {
    this.#windowMs = options.windowMs;
    this.#maxMessages = options.maxMessages;
    this.#clock = options.clock ?? systemClock;
  }

  get size(): number {
    return this.#messages.size;
  }

  /** `message`, push `pushId` to `recipient` (a bare JID), goes to the server now. */
  sent(pushId: string, recipient: string, message: Element): void {
    const key = keyOf(pushId, recipient);
    this.#messages.delete(key);
    this.#messages.set(key, { message, sentAt: this.#clock.monotonic() });
    this.#forgetOld();
  }

  /** A client of `recipient` reported push `pushId` (receipt or read marker): it arrived. */
  confirmed(pushId: string, recipient: string): void {
    this.#messages.delete(keyOf(pushId, recipient));
  }

  /** The stream ended; what was sent shortly before may be lost if it is not resumed. */
  streamLost(): void {
    this.#streamLostAt ??= this.#clock.monotonic();
  }

  /** The stream was resumed: the server kept its state, nothing was lost. */
  streamResumed(): void {
    this.#streamLostAt = null;
    this.#forgetOld();
  }

  /**
   * A new session began after a lost stream: the messages sent within the window before
   * the loss, oldest first. They count as sent now, so a new session lost straight away
   * offers them again.
   */
  takeForResend(): Element[] {
    const lostAt = this.#streamLostAt;
    this.#streamLostAt = null;
    if (lostAt === null) return [];
    const now = this.#clock.monotonic();
    const resend: Element[] = [];
    for (const [key, entry] of [...this.#messages]) {
      this.#messages.delete(key);
      if (entry.sentAt < lostAt - this.#windowMs) continue;
      resend.push(entry.message);
      this.#messages.set(key, { message: entry.message, sentAt: now });
    }
    return resend;
  }

  #forgetOld(): void {
    // While a lost stream waits for the next session, its window is still needed.
    const oldestNeeded =
      this.#streamLostAt === null ? this.#clock.monotonic() - this.#windowMs : -Infinity;
    for (const [key, entry] of this.#messages) {
      if (entry.sentAt >= oldestNeeded && this.#messages.size <= this.#maxMessages) break;
      this.#messages.delete(key);
    }
  }
}

function keyOf(pushId: string, recipient: string): string {
  // A newline can be in neither a push id nor a JID that reached here.
  return `${pushId}\n${recipient}`;
}
