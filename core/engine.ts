/**
 * The Herald engine: an XMPP session whose trusted messages become inbox items and
 * notification decisions. The desktop app and `herald listen` both run exactly this.
 */
import { EventEmitter } from 'node:events';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { XmppSession, type SessionOptions, type SessionStatus } from './xmpp-session.ts';
import { classifyIncomingMessage } from './stanza-trust.ts';
import { normalizeBareJid } from './jid.ts';
import { ownCopy, parseIsoDate, parsePushMessage, peekPushId, peekRevision } from './push-codec.ts';
import {
  parseUserEvent,
  serializeUserEvent,
  type UserEvent,
  type UserEventType,
} from './user-events.ts';
import { whenAcknowledged } from './xmpp-patches/internals.ts';
import { AckReminder } from './ack-reminder.ts';
import {
  decideNotification,
  mayRemind,
  reminderIntervalMs,
  NotificationCoalescer,
  type NotificationDecision,
  type NotificationSettings,
  type NotificationSummary,
} from './notification-policy.ts';
import { syncArchive } from './archive-sync.ts';
import { ReceiptSender } from './receipt-sender.ts';
import type { Inbox, ReceiveOutcome } from './inbox.ts';
import { RESTORED_BEFORE_META, type InboxItem } from './inbox-storage.ts';
import { PUSH_PRIORITIES, type Push, type PushKind, type PushPriority } from './push.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';

export type PushSource = 'live' | 'carbon' | 'archive';

export type EngineNotification =
  /**
   * `held` when the push was coalesced first and turned out to be alone; `reminder` when it
   * alerts again because it still waits for the user's acknowledgement.
   */
  | { action: 'toast'; push: Push; held?: boolean; reminder?: boolean }
  | { action: 'summary'; count: number; pushIds: string[]; highestPriority: PushPriority };

/** Where one of the user's events came from: this device, or a copy from another one. */
export type UserEventSource = 'local' | 'carbon' | 'archive';

export interface EngineEvents {
  status: [SessionStatus];
  /** A new push, stored in the inbox; `decision` is what the notification policy chose. */
  push: [{ push: Push; source: PushSource; decision: NotificationDecision }];
  /** Something to show the user now: one push or a summary of several. */
  notify: [EngineNotification];
  /** Take back what was shown for this push: completed, withdrawn, expired or handled. */
  withdraw: [{ pushId: string }];
  /** The pushes still waiting for the user's acknowledgement changed (the tray's attention state). */
  attention: [{ pushIds: readonly string[] }];
  /** A later revision from the sender changed an item (content, completed or withdrawn). */
  revised: [{ item: InboxItem; previous: InboxItem; source: PushSource }];
  /** Items that left the inbox because their `expires` passed. */
  expired: [{ pushIds: string[] }];
  /** One of the user's events was applied: chosen here, or on another of their devices. */
  'user-event': [{ event: UserEvent; source: UserEventSource }];
  /** A message that is not a push (not trusted, malformed…): for debug logs only. */
  ignored: [{ reason: string; from: string | null }];
  /** Catch-up from the archive finished (or could not run). */
  synced: [{ status: string; pages: number }];
  warning: [string];
}

export interface EngineOptions extends SessionOptions {
  /** Bare JIDs whose messages are pushes. */
  systemJids: readonly string[];
  inbox: Inbox;
  /** Read on every decision, so the app can change DND without restarting the engine. */
  notificationSettings?: () => Partial<NotificationSettings>;
  /** Quiet time after the last coalesced push before its summary is shown. */
  summaryQuietMs?: number;
}

const LAST_ARCHIVE_ID = 'mam.lastId';
const NOTIFIED_WINDOW = 64;
/**
 * A catch-up whose query timed out is asked again after this long, at most this many times
 * per login. A server busy with a large backlog (and the receipts for it) answers late.
 */
const CATCH_UP_RETRY_MS = 15_000;
export const CATCH_UP_RETRIES = 3;

export class HeraldEngine extends EventEmitter<EngineEvents> {
  readonly session: XmppSession;
  readonly inbox: Inbox;
  readonly #options: EngineOptions;
  readonly #systemJids: ReadonlySet<string>;
  /** Set by parsePushMessage's onMalformed; one bound callback, not a closure per message. */
  #malformed = false;
  readonly #onMalformed = (): void => {
    this.#malformed = true;
  };
  readonly #openQueries = new Set<string>();
  readonly #coalescer: NotificationCoalescer;
  readonly #clock: Clock;
  #recentToasts: number[] = [];
  #syncing = false;
  /** Until a catch-up completes, live messages must not move the archive cursor. */
  #catchUpPending = false;
  #catchUpRetries = 0;
  #catchUpRetryTimer: TimerHandle | undefined;
  /** What this event-loop turn's pushes did, announced once it is on disk. */
  #unannounced: Array<{ received: ReceiveOutcome; source: PushSource; catchUp: boolean }> = [];
  #expiryTimer: TimerHandle | undefined;
  /** Outbox events written to the server and not yet acknowledged by it. */
  readonly #sendingEvents = new Set<string>();
  #announceScheduled = false;
  readonly #receipts: ReceiptSender;
  readonly #reminder: AckReminder;

  constructor(options: EngineOptions) {
    super();
    this.#options = options;
    this.inbox = options.inbox;
    this.#clock = options.clock ?? systemClock;
    // Compared as stanza-trust compares a sender: ASCII-lowercased (see jid.ts), nothing more.
    this.#systemJids = new Set(options.systemJids.map((j) => normalizeBareJid(j.trim()) ?? j));
    this.session = new XmppSession(options);
    this.#receipts = new ReceiptSender(this.session);
    this.#coalescer = new NotificationCoalescer({
      clock: this.#clock,
      quietMs: options.summaryQuietMs ?? 2_000,
      onSummary: (summary) => this.#showSummary(summary),
    });
    this.#reminder = new AckReminder({
      clock: this.#clock,
      intervalMs: () => reminderIntervalMs(this.#settings()),
      onRemind: (items) => {
        if (!mayRemind(this.#clock.now(), this.#settings())) return;
        for (const push of items) this.emit('notify', { action: 'toast', push, reminder: true });
      },
      onAttention: (pushIds) => this.emit('attention', { pushIds }),
    });
    this.session.on('status', (status) => this.emit('status', status));
    this.session.on('online', ({ resumed }) => {
      this.#sendPendingEvents();
      if (resumed) return;
      // Until the catch-up ran, live messages (the server's offline flood) must not move the
      // archive cursor past what the archive still has for us.
      this.#catchUpPending = true;
      this.#catchUpRetries = 0;
      this.#clock.clearTimeout(this.#catchUpRetryTimer);
      // The offline backlog (which comes before the catch-up starts) and the catch-up end
      // in one summary, however long the server takes or pauses; #catchUp releases it.
      this.#coalescer.hold();
      void this.#afterLogin();
    });
    this.session.on('stanza', (stanza) => this.#onStanza(stanza));
  }

  start(): void {
    this.#expire();
    for (const item of this.inbox.items()) this.#reminder.track(item.id, item);
    this.session.start();
  }

  /** What the app set (DND, reminders), read at each decision. */
  #settings(): Partial<NotificationSettings> {
    return this.#options.notificationSettings?.() ?? {};
  }

  reconnectNow(): void {
    this.session.reconnectNow();
  }

  /**
   * The user's choice on this device (docs/wire-format.md): applied to the inbox, then sent
   * to the push's sender and, through the server, to the user's other devices. Offline, it
   * waits in the inbox's outbox for the next connection. Null when it changes nothing.
   */
  choose(pushId: string, type: UserEventType, options: { action?: string } = {}): UserEvent | null {
    const event = this.inbox.recordChoice(pushId, type, options);
    if (event) this.#chosen([event]);
    return event;
  }

  /**
   * "Mark all read" (of one kind, if given): the choice `read` on every unread item, each
   * sent as choose() sends one. Returns the events, one per item that was unread.
   */
  markAllRead(kind?: PushKind): UserEvent[] {
    const events = this.inbox.markAllRead(kind);
    this.#chosen(events);
    return events;
  }

  #chosen(events: readonly UserEvent[]): void {
    if (!events.length) return;
    for (const event of events) this.#applied(event, 'local');
    this.#sendPendingEvents();
  }

  /** Closes the stream, writes the inbox and shows any pending summary. */
  async stop(): Promise<void> {
    this.#clock.clearTimeout(this.#catchUpRetryTimer);
    this.#clock.clearTimeout(this.#expiryTimer);
    this.#reminder.dispose();
    this.#announce();
    this.#coalescer.flush();
    this.#coalescer.dispose();
    await this.session.stop();
    this.inbox.flush();
  }

  async #afterLogin(): Promise<void> {
    // The archive query goes out with the presence, not after the carbons answer: that
    // answer comes after the server's offline flood, and by then the client has sent a
    // receipt for every offline push, which the server handles before a later query. With
    // 10,000 waiting on Prosody, the query then waited over 30 s and timed out.
    const presence = this.#sendPresenceAndEnableCarbons();
    await this.#catchUp();
    await presence;
  }

  async #sendPresenceAndEnableCarbons(): Promise<void> {
    try {
      await this.session.send(xml('presence'));
      await this.session.request(xml('iq', { type: 'set' }, xml('enable', 'urn:xmpp:carbons:2')));
    } catch (error) {
      this.emit('warning', `carbons unavailable: ${(error as Error).message}`);
    }
  }

  async #catchUp(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      const result = await syncArchive(this.inbox.getMeta(LAST_ARCHIVE_ID) ?? null, {
        request: (iq) => this.session.request(iq),
        openQuery: (id) => this.#openQueries.add(id),
        closeQuery: (id) => this.#openQueries.delete(id),
        onPage: async (lastId) => {
          this.inbox.setMeta(LAST_ARCHIVE_ID, lastId);
        },
      });
      this.#syncing = false;
      // The catch-up's summary comes before the word that the catch-up is over.
      this.#announce();
      if (result.status === 'complete' && this.inbox.getMeta(RESTORED_BEFORE_META)) {
        this.inbox.setMeta(RESTORED_BEFORE_META, '');
      }
      this.#coalescer.flush();
      // Interrupted, the cursor stays where the archive still has pushes for us: the retry
      // or the next login goes on from there.
      if (result.status !== 'interrupted') this.#catchUpPending = false;
      else if (result.timedOut) this.#retryCatchUpLater();
      this.emit('synced', { status: result.status, pages: 'pages' in result ? result.pages : 0 });
    } finally {
      this.#syncing = false;
      this.#coalescer.release();
    }
  }

  #retryCatchUpLater(): void {
    if (this.#catchUpRetries >= CATCH_UP_RETRIES) return;
    this.#catchUpRetries++;
    this.#catchUpRetryTimer = this.#clock.setTimeout(() => {
      if (this.session.status.state !== 'online') return; // the next login catches up
      this.#coalescer.hold();
      void this.#catchUp();
    }, CATCH_UP_RETRY_MS);
  }

  #onStanza(stanza: Element): void {
    if (!stanza.is('message')) return;
    const classified = classifyIncomingMessage(stanza, {
      ownBareJid: this.session.bareJid,
      systemJids: this.#systemJids,
      isOurMamQuery: (id) => this.#openQueries.has(id),
    });
    if (classified.verdict === 'ignore') {
      this.emit('ignored', { reason: classified.reason, from: stanza.attrs.from ?? null });
      return;
    }
    if (classified.verdict === 'own-event') {
      const event = parseUserEvent(classified.message);
      if (!event) this.emit('ignored', { reason: 'malformed', from: stanza.attrs.from ?? null });
      else if (this.inbox.applyUserEvent(event)) this.#applied(event, classified.source);
      return;
    }
    const { message, source, archiveId, delayStamp } = classified;
    const ownBareJid = this.session.bareJid;
    // A copy of what the inbox holds needs no parsing: the catch-up after a login brings back
    // every push the server's offline flood has just delivered.
    const peekedId = peekPushId(message, { ownBareJid, archiveId });
    const known = peekedId === null ? undefined : this.inbox.get(peekedId);
    const isCopy = known !== undefined && peekRevision(message) <= known.rev;
    this.#malformed = false;
    const push = isCopy
      ? null
      : parsePushMessage(message, {
          receivedAt: this.#clock.now(),
          ownBareJid,
          delayStamp,
          archiveId,
          peekedId,
          onMalformed: this.#onMalformed,
        });
    if (!push && !isCopy) {
      const reason = this.#malformed ? 'malformed' : 'no-content';
      this.emit('ignored', { reason, from: message.attrs.from ?? null });
      return;
    }
    const received: ReceiveOutcome = push ? this.inbox.receive(push) : { outcome: 'ignored' };
    if (source === 'live' && archiveId && !this.#catchUpPending) {
      // Live messages move the archive cursor too, so the next catch-up starts after them.
      this.inbox.setMeta(LAST_ARCHIVE_ID, archiveId);
    }
    if (source === 'live') void this.#sendReceipt(message);
    if (!push || received.outcome === 'ignored') return;
    const catchUp = source === 'archive' || push.delayed || this.#syncing;
    this.#unannounced.push({ received, source, catchUp });
    if (!this.#announceScheduled) {
      this.#announceScheduled = true;
      setImmediate(() => this.#announce());
    }
  }

  /** Tells listeners; what the user handled, here or elsewhere, stops alerting. */
  #applied(event: UserEvent, source: UserEventSource): void {
    this.#reminder.track(event.pushId, this.inbox.get(event.pushId));
    this.emit('user-event', { event, source });
    if (event.type !== 'unread' && event.type !== 'undone')
      this.emit('withdraw', { pushId: event.pushId });
  }

  /** Sends the outbox; each event leaves it once the server has taken it. */
  #sendPendingEvents(): void {
    if (this.session.status.state !== 'online') return;
    for (const { event, to } of this.inbox.pendingEvents()) {
      if (this.#sendingEvents.has(event.id)) continue;
      this.#sendingEvents.add(event.id);
      const message = serializeUserEvent(event, to);
      whenAcknowledged(this.session.xmpp, [message])
        .then(
          () => this.inbox.eventsSent([event.id]),
          () => undefined, // not taken: stays in the outbox for the next connection
        )
        .finally(() => this.#sendingEvents.delete(event.id));
      this.session.send(message).catch(() => undefined);
    }
  }

  /** Removes what expired, withdraws its notifications, and waits for the next expiry. */
  #expire(): void {
    this.#clock.clearTimeout(this.#expiryTimer);
    const expired = this.inbox.removeExpired().map((item) => item.id);
    if (expired.length) this.#announceExpired(expired);
    const next = this.inbox.nextExpiry();
    if (next === null) return;
    // Timers hold at most 2^31-1 ms (24.8 days); a later expiry is looked at again then.
    const delay = Math.min(Math.max(next - this.#clock.now(), 0), 2 ** 31 - 1);
    this.#expiryTimer = this.#clock.setTimeout(() => this.#expire(), delay);
  }

  #announceExpired(pushIds: string[]): void {
    for (const pushId of pushIds) this.#reminder.track(pushId, undefined);
    this.emit('expired', { pushIds });
    for (const pushId of pushIds) this.emit('withdraw', { pushId });
  }

  /**
   * Writes this turn's new pushes in one transaction, then notifies about them. A push is
   * announced (toast, `--exec`, the UI's notification) only once it is on disk, so a crash
   * can never make the restarted client announce it a second time.
   */
  #announce(): void {
    this.#announceScheduled = false;
    const pushes = this.#unannounced;
    if (!pushes.length) return;
    this.#unannounced = [];
    // A failed write (full disk…) is retried by the inbox; the user still hears about the push.
    this.inbox.flush();
    const shownBefore = Number(this.inbox.getMeta(RESTORED_BEFORE_META) || -Infinity);
    for (const { received, source, catchUp } of pushes) {
      if (received.outcome === 'revised') {
        this.#announceRevision(received.item, received.previous, source, catchUp);
        continue;
      }
      if (received.outcome === 'expired') {
        if (received.removed) this.#announceExpired([received.removed.id]);
        continue;
      }
      if (received.outcome !== 'new') continue;
      const push = received.item;
      this.#reminder.track(push.id, push);
      // Restored from the archive after the inbox file was lost: the user saw it already.
      // Servers stamp to the second (some round up), so only a stamp a full second before
      // the file's last write is surely seen; re-announcing beats silencing.
      if (catchUp && push.sentAt + 1_000 <= shownBefore) continue;
      const decision = push.state === 'open' ? this.#decide(push, catchUp) : QUIET;
      this.emit('push', { push, source, decision });
    }
    this.#expire();
  }

  /**
   * One item, changed in place. Completed or withdrawn, its notification goes; still open,
   * it notifies again only when that matters: the priority went up or the due date earlier.
   */
  #announceRevision(item: InboxItem, previous: InboxItem, source: PushSource, catchUp: boolean) {
    this.#reminder.track(item.id, item);
    this.emit('revised', { item, previous, source });
    if (item.state !== 'open') {
      this.emit('withdraw', { pushId: item.id });
      return;
    }
    if (catchUp || previous.state !== 'open' || !mattersMore(item, previous)) return;
    this.#decide(item, false);
  }

  #decide(push: Push, catchUp: boolean): NotificationDecision {
    const now = this.#clock.now();
    const settings = this.#settings();
    this.#recentToasts = this.#recentToasts
      .filter((at) => now - at < 60_000)
      .slice(-NOTIFIED_WINDOW);
    const decision = decideNotification({
      push,
      source: catchUp ? 'catch-up' : 'live',
      now,
      settings,
      state: { recentToastTimes: this.#recentToasts },
    });
    if (decision.action === 'toast') {
      this.#recentToasts.push(now);
      this.emit('notify', { action: 'toast', push });
    } else if (decision.action === 'coalesce') {
      this.#coalescer.add(push.id, push.priority);
    }
    return decision;
  }

  /** A "summary" of one push is just that push. */
  #showSummary(summary: NotificationSummary): void {
    const only = summary.count === 1 ? this.inbox.get(summary.pushIds[0] ?? '') : undefined;
    if (only) this.emit('notify', { action: 'toast', push: only, held: true });
    else this.emit('notify', { action: 'summary', ...summary });
  }

  /** XEP-0184: tell the sender only once the item is on disk (core/receipt-sender.ts). */
  async #sendReceipt(message: Element): Promise<void> {
    const { id: pushId, from } = message.attrs;
    if (!pushId || !from || !message.getChild('request', 'urn:xmpp:receipts')) return;
    // Copies of their own (ownCopy): a receipt may wait a while for a busy server, and
    // slices of the parser's input would keep the socket reads they came in alive that long.
    const id = ownCopy(pushId);
    const to = ownCopy(from);
    await this.inbox.whenPersisted();
    this.#receipts.send(to, id);
  }
}

/** What a push that is no longer open gets: stored, never shown. */
const QUIET: NotificationDecision = { action: 'silent', reason: 'not-open' };

function mattersMore(item: Push, previous: Push): boolean {
  const rank = (push: Push) => PUSH_PRIORITIES.indexOf(push.priority);
  if (rank(item) > rank(previous)) return true;
  const due = item.due === null ? null : parseIsoDate(item.due);
  const before = previous.due === null ? null : parseIsoDate(previous.due);
  return due !== null && (before === null || due < before);
}
