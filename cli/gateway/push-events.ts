/**
 * What comes back from the recipients, applied to the store: receipts, read markers and
 * the user's events (docs/wire-format.md). An event counts only from a recipient of that
 * push, about that push, and each event id once; for a push with a callbackUrl it also
 * queues the callback, in the same transaction, so it is owed even if the gateway dies.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { pushIdOfRevision } from '../../core/push-codec.ts';
import type { DeliveryReport, UserEventReport } from './push-relay.ts';
import type { GatewayEventType, GatewayStore, PushRecord, RecordedEvent } from './gateway-store.ts';

/** What a callback receiver gets, as JSON (docs/pushing.md, "Callbacks"). */
export interface CallbackBody {
  id: string;
  type: GatewayEventType;
  pushId: string;
  recipient: string;
  at: string;
  action?: { id: string; label: string | null };
}

export class PushEvents {
  readonly #store: GatewayStore;
  readonly #log: FastifyBaseLogger;
  readonly #now: () => number;
  readonly #callbackQueued: () => void;

  constructor(options: {
    store: GatewayStore;
    log: FastifyBaseLogger;
    now: () => number;
    /** A callback was queued: send it. */
    callbackQueued: () => void;
  }) {
    this.#store = options.store;
    this.#log = options.log;
    this.#now = options.now;
    this.#callbackQueued = options.callbackQueued;
  }

  /** A XEP-0184 receipt or a XEP-0333 displayed marker without a Herald event. */
  report({ pushId, from, state }: DeliveryReport): void {
    const push = this.#find(pushId);
    if (!push || !isRecipient(push, from)) return;
    if (this.#store.advance(push.id, from, state))
      this.#log.info({ pushId: push.id, from, state }, 'delivery');
    // Neither carries an id of its own: one per push and recipient is all they can mean.
    const type = state === 'read' ? 'read' : 'delivered';
    this.#record(push, from, {
      id: derivedId(type, push.id, from),
      type,
      action: null,
      at: this.#now(),
    });
  }

  userEvent({ from, event }: UserEventReport): void {
    const push = this.#find(event.pushId);
    // Anyone may write to the system account: only the push's own recipients count.
    if (!push || !isRecipient(push, from)) {
      this.#log.warn(
        { pushId: event.pushId, from, type: event.type },
        'event ignored: not a recipient',
      );
      return;
    }
    if (this.#record(push, from, event))
      this.#store.advance(push.id, from, event.type === 'read' ? 'read' : 'delivered');
  }

  /** The push itself, else the push whose revision's message `id` names (a receipt). */
  #find(id: string): PushRecord | undefined {
    const exact = this.#store.get(id);
    if (exact) return exact;
    const pushId = pushIdOfRevision(id);
    return pushId === null ? undefined : this.#store.get(pushId);
  }

  #record(push: PushRecord, from: string, event: RecordedEvent): boolean {
    const body: CallbackBody = {
      id: event.id,
      type: event.type,
      pushId: push.id,
      recipient: from,
      at: new Date(event.at).toISOString(),
    };
    if (event.action !== null) {
      const label = push.draft.actions?.find((a) => a.id === event.action)?.label ?? null;
      body.action = { id: event.action, label };
    }
    const callback =
      push.callbackUrl && push.tokenName
        ? {
            eventId: event.id,
            url: push.callbackUrl,
            tokenName: push.tokenName,
            body: JSON.stringify(body),
          }
        : null;
    const recorded = this.#store.recordEvent(push.id, from, event, callback);
    if (!recorded) return false;
    this.#log.info({ pushId: push.id, from, event: event.type, eventId: event.id }, 'event');
    if (callback) this.#callbackQueued();
    return true;
  }
}

function isRecipient(push: PushRecord, jid: string): boolean {
  return push.recipients.some((recipient) => recipient.jid === jid);
}

function derivedId(type: string, pushId: string, recipient: string): string {
  const hash = createHash('sha256').update(`${pushId}\n${recipient}`).digest('hex').slice(0, 32);
  return `${type}-${hash}`;
}
