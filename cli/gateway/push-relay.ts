/**
 * The gateway's XMPP side: one long-lived session as the system account that sends pushes,
 * waits for the server's acknowledgement, and hears delivery receipts (XEP-0184) and read
 * markers (XEP-0333) and the user's events (core/user-events.ts) — including carbon copies of those addressed to the other gateway
 * instances of the same account, so every instance behind a load balancer can answer.
 */
import { EventEmitter } from 'node:events';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { pushIdOfRevision, serializePush } from '../../core/push-codec.ts';
import { parseUserEvent, type UserEvent } from '../../core/user-events.ts';
import type { PushDraft } from '../../core/push.ts';
import type { Clock } from '../../core/clock.ts';
import { normalizeBareJid } from '../../core/jid.ts';
import type { SessionStatus, XmppSession } from '../../core/xmpp-session.ts';
import { sendAllAcknowledged } from '../acknowledged-send.ts';
import { setAckRequestDelay } from '../../core/xmpp-patches/internals.ts';
import { requestAcksDuringRuns } from '../../core/xmpp-patches/ack-requests-during-runs.ts';
import { describeStatus } from '../status-text.ts';
import { UnconfirmedPushes } from './unconfirmed-pushes.ts';

const RECEIPTS_NS = 'urn:xmpp:receipts';
const MARKERS_NS = 'urn:xmpp:chat-markers:0';
const CARBONS_NS = 'urn:xmpp:carbons:2';
const FORWARD_NS = 'urn:xmpp:forward:0';
/** Still batches a burst of concurrent requests into one ack round trip. */
const ACK_REQUEST_DELAY_MS = 2;
/**
 * Busy, pushes follow each other closer than that delay, which restarts at each one: an ack
 * request every so many as well keeps answers flowing (docs/performance.md, tenth round).
 */
const ACK_REQUEST_EVERY = 32;
/**
 * A server that acked a push and then restarted has lost it within milliseconds of the ack
 * (ejabberd under load: the recipient's session had not archived it yet); 10 s is ample.
 */
const RESEND_WINDOW_MS = 10_000;
/** About 10 MB of messages; reached only at over 2,000 pushes a second to offline users. */
const RESEND_MAX_MESSAGES = 20_000;

export type Availability =
  { online: true } | { online: false; retryAfterSeconds: number; reason: string };

export interface DeliveryReport {
  pushId: string;
  /** Bare JID of the recipient whose client reported it. */
  from: string;
  state: 'delivered' | 'read';
}

/** The XMPP connection is down (or the server did not acknowledge in time): try again. */
export class RelayUnavailableError extends Error {
  override name = 'RelayUnavailableError';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** What the user did (core/user-events.ts), as the bare JID `from` reported it. */
export interface UserEventReport {
  from: string;
  event: UserEvent;
}

export class PushRelay extends EventEmitter<{
  report: [DeliveryReport];
  userEvent: [UserEventReport];
  /** Pushes sent again on a new session because the server may have lost them (a count). */
  resent: [number];
}> {
  readonly session: XmppSession;
  readonly #ackTimeoutMs: number;
  readonly #clock: Clock;
  readonly #unconfirmed: UnconfirmedPushes;

  /** `clock` defaults to the session's, whose wall time dates its reconnect attempts. */
  constructor(session: XmppSession, options: { ackTimeoutMs: number; clock?: Clock }) {
    super();
    this.session = session;
    this.#ackTimeoutMs = options.ackTimeoutMs;
    this.#clock = options.clock ?? session.clock;
    this.#unconfirmed = new UnconfirmedPushes({
      windowMs: RESEND_WINDOW_MS,
      maxMessages: RESEND_MAX_MESSAGES,
      clock: this.#clock,
    });
    // The library waits 250 ms before asking for an ack, to batch; an HTTP caller waits on it.
    setAckRequestDelay(session.xmpp, ACK_REQUEST_DELAY_MS);
    requestAcksDuringRuns(session.xmpp, ACK_REQUEST_EVERY);
    session.on('status', (status) => {
      if (status.state !== 'online' && status.state !== 'connecting') {
        this.#unconfirmed.streamLost();
      }
    });
    session.on('online', ({ resumed }) => {
      if (resumed) return this.#unconfirmed.streamResumed();
      void this.#announce();
      void this.#resendUnconfirmed();
    });
    session.on('stanza', (stanza) => this.#onStanza(stanza));
    this.on('report', ({ pushId, from }) => {
      this.#unconfirmed.confirmed(pushId, from);
      const revisionOf = pushIdOfRevision(pushId);
      if (revisionOf !== null) this.#unconfirmed.confirmed(revisionOf, from);
    });
    this.on('userEvent', ({ event, from }) => this.#unconfirmed.confirmed(event.pushId, from));
  }

  availability(): Availability {
    const status = this.session.status;
    if (status.state === 'online') return { online: true };
    return {
      online: false,
      retryAfterSeconds: this.#retryAfter(status),
      reason: describe(status, this.#clock.now()),
    };
  }

  /** Resolves once the XMPP server acknowledged a stanza for every recipient. */
  async deliver(draft: PushDraft, recipients: readonly string[]): Promise<void> {
    const availability = this.availability();
    if (!availability.online)
      throw new RelayUnavailableError(availability.reason, availability.retryAfterSeconds);
    const messages = recipients.map((to) => {
      const message = serializePush(draft, to);
      // XEP-0333: lets a client report "read" back to the sender.
      message.append(xml('markable', { xmlns: MARKERS_NS }));
      // Before sending: a fast client's receipt can arrive before the server's ack does.
      this.#unconfirmed.sent(draft.id, to, message);
      return message;
    });
    try {
      await sendAllAcknowledged(this.session, messages, this.#ackTimeoutMs);
    } catch (error) {
      throw new RelayUnavailableError(
        `the XMPP server did not acknowledge the push: ${(error as Error).message}`,
        this.#retryAfter(this.session.status),
      );
    }
  }

  /** A new session after a lost stream: what the old server may have lost goes out again. */
  async #resendUnconfirmed(): Promise<void> {
    const messages = this.#unconfirmed.takeForResend();
    if (messages.length === 0) return;
    this.emit('resent', messages.length);
    try {
      await sendAllAcknowledged(this.session, messages, this.#ackTimeoutMs);
    } catch {
      // They stay unconfirmed: the next new session offers them again.
    }
  }

  /**
   * Available (priority 0), so read markers that clients send to the system account's bare
   * JID reach the gateways; carbons show each instance what went to the others.
   */
  async #announce(): Promise<void> {
    try {
      await this.session.send(xml('presence'));
      await this.session.request(xml('iq', { type: 'set' }, xml('enable', { xmlns: CARBONS_NS })));
    } catch {
      // Without carbons this instance still hears the receipts for what it sent itself.
    }
  }

  #onStanza(stanza: Element): void {
    if (!stanza.is('message')) return;
    const own = this.session.bareJid.toLowerCase();
    const carbon = stanza.getChild('received', CARBONS_NS);
    if (carbon) {
      // Only our own server speaks for our account: a carbon from anyone else is forged.
      const wrapperFrom = normalizeBareJid(stanza.attrs.from ?? own);
      if (wrapperFrom !== own) return;
      const inner = carbon.getChild('forwarded', FORWARD_NS)?.getChild('message', 'jabber:client');
      if (inner) this.#readReport(inner);
      return;
    }
    this.#readReport(stanza);
  }

  #readReport(message: Element): void {
    const from = normalizeBareJid(message.attrs.from ?? '');
    if (!from) return;
    // A user event also carries a XEP-0333 marker for senders that know only those: one event.
    const event = parseUserEvent(message);
    if (event) {
      this.emit('userEvent', { from, event });
      return;
    }
    const receipt = message.getChild('received', RECEIPTS_NS);
    const displayed = message.getChild('displayed', MARKERS_NS);
    const pushId = (receipt ?? displayed)?.attrs.id;
    if (typeof pushId !== 'string' || pushId === '') return;
    this.emit('report', { pushId, from, state: displayed ? 'read' : 'delivered' });
  }

  #retryAfter(status: SessionStatus): number {
    if (status.state === 'reconnecting') {
      return clamp(Math.ceil((status.nextAttemptAt - this.#clock.now()) / 1000) + 1, 1, 60);
    }
    // Login problems need a person; connecting takes a few seconds.
    return status.state === 'auth-failed' || status.state === 'error' ? 60 : 5;
  }
}

function describe(status: SessionStatus, now: number): string {
  return `XMPP connection ${describeStatus(status, now)}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
