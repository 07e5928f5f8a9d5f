/**
 * What the gateway knows about the pushes it sent, on disk (node:sqlite, WAL), so that a
 * restart keeps GET /v1/push/:id, the lifecycle endpoints and the callbacks still owed:
 * each push's latest snapshot, per recipient its delivery state and the events that came in
 * (each event id once), and the callbacks not yet accepted by their receiver. Bounded by age
 * and count like the in-memory ledger it replaces; the XMPP server stays the store of record
 * for the pushes themselves.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { PushDraft } from '../../core/push.ts';
import type { UserEventType } from '../../core/user-events.ts';

export const DELIVERY_STATES = ['pending', 'sent', 'delivered', 'read'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export type GatewayEventType = 'delivered' | UserEventType;

/** One thing a recipient's client reported, at the user's time (the gateway's for receipts). */
export interface RecordedEvent {
  id: string;
  type: GatewayEventType;
  action: string | null;
  at: number;
}

export interface RecipientRecord {
  jid: string;
  /** pending (not acked yet) → sent → delivered (XEP-0184) → read; only forward. */
  state: DeliveryState;
  updatedAt: number;
  /** In the order they came in. */
  events: RecordedEvent[];
}

export interface PushRecord {
  id: string;
  /** Identifies the first request's content, so a retry can be told from a different push. */
  fingerprint: string;
  tokenName: string | null;
  callbackUrl: string | null;
  /** The latest snapshot, with its `rev` and `state`. */
  draft: PushDraft & { rev: number };
  /** The highest revision the XMPP server acknowledged, -1 before the first. */
  sentRev: number;
  createdAt: number;
  recipients: RecipientRecord[];
}

export interface NewPush {
  id: string;
  fingerprint: string;
  tokenName: string | null;
  callbackUrl: string | null;
  draft: PushDraft;
  recipients: readonly string[];
}

export interface PendingCallback {
  eventId: string;
  url: string;
  tokenName: string;
  /** The exact JSON body, signed as it is. */
  body: string;
  attempts: number;
  nextAttemptAt: number;
}

export interface GatewayStoreOptions {
  ttlMs: number;
  maxEntries: number;
  clock?: Clock;
}

const EXPIRE_EVERY_MS = 1_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS pushes (
    id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    token TEXT,
    callback_url TEXT,
    draft TEXT NOT NULL,
    sent_rev INTEGER NOT NULL DEFAULT -1,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS pushes_created_at ON pushes (created_at);
  CREATE TABLE IF NOT EXISTS deliveries (
    push_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    jid TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (push_id, jid)
  );
  CREATE TABLE IF NOT EXISTS events (
    push_id TEXT NOT NULL,
    jid TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    action TEXT,
    at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (push_id, jid, id)
  );
  CREATE TABLE IF NOT EXISTS callbacks (
    event_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    token TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS callbacks_due ON callbacks (next_attempt_at);
`;

interface PushRow {
  id: string;
  fingerprint: string;
  token: string | null;
  callback_url: string | null;
  draft: string;
  sent_rev: number;
  created_at: number;
}

export class GatewayStore {
  readonly #db: DatabaseSync;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: Clock;
  #seq = 0;
  /** Compiled once each: preparing a statement cost more than running it. */
  readonly #statements = new Map<string, StatementSync>();
  #expiredAt = -Infinity;

  constructor(path: string, options: GatewayStoreOptions) {
    this.#db = new DatabaseSync(path);
    // Another gateway instance may share the file; wait for its write instead of failing.
    // synchronous = NORMAL: no fsync per commit (each blocked the event loop for every
    // request: POST → 200 at 100/s went from 2 ms to 0.7 s); a killed process loses nothing,
    // a power cut at most the last commits, never the file (docs/performance.md).
    this.#db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;',
    );
    this.#db.exec(SCHEMA);
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#clock = options.clock ?? systemClock;
    const last = this.#sql('SELECT MAX(seq) AS seq FROM events').get() as {
      seq: number | null;
    };
    this.#seq = last.seq ?? 0;
  }

  close(): void {
    this.#db.close();
  }

  get(id: string): PushRecord | undefined {
    const row = this.#sql('SELECT * FROM pushes WHERE id = ? AND created_at >= ?').get(
      id,
      this.#clock.now() - this.#ttlMs,
    ) as PushRow | undefined;
    if (!row) return undefined;
    const deliveries = this.#sql(
      'SELECT jid, state, updated_at FROM deliveries WHERE push_id = ? ORDER BY position',
    ).all(id) as Array<{ jid: string; state: DeliveryState; updated_at: number }>;
    const events = this.#sql(
      'SELECT jid, id, type, action, at FROM events WHERE push_id = ? ORDER BY seq',
    ).all(id) as unknown as Array<RecordedEvent & { jid: string }>;
    return {
      id: row.id,
      fingerprint: row.fingerprint,
      tokenName: row.token,
      callbackUrl: row.callback_url,
      draft: JSON.parse(row.draft) as PushRecord['draft'],
      sentRev: row.sent_rev,
      createdAt: row.created_at,
      recipients: deliveries.map((d) => ({
        jid: d.jid,
        state: d.state,
        updatedAt: d.updated_at,
        events: events
          .filter((e) => e.jid === d.jid)
          .map(({ id, type, action, at }) => ({ id, type, action, at })),
      })),
    };
  }

  /**
   * Records a push about to be sent (again, after a failed try): every new recipient is
   * `pending`. Call it before sending: a fast client's receipt can beat the server's ack.
   */
  begin(push: NewPush): void {
    const now = this.#clock.now();
    this.#transaction(() => {
      this.#sql(
        `INSERT INTO pushes (id, fingerprint, token, callback_url, draft, created_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,
             token = excluded.token, callback_url = excluded.callback_url, draft = excluded.draft`,
      ).run(
        push.id,
        push.fingerprint,
        push.tokenName,
        push.callbackUrl,
        JSON.stringify({ ...push.draft, rev: push.draft.rev ?? 0 }),
        now,
      );
      const insert = this.#sql(
        `INSERT OR IGNORE INTO deliveries (push_id, position, jid, state, updated_at)
         VALUES (?, ?, ?, 'pending', ?)`,
      );
      push.recipients.forEach((jid, position) => insert.run(push.id, position, jid, now));
    });
    this.#expire();
  }

  /** A new revision, before it is sent. */
  saveRevision(id: string, draft: PushRecord['draft']): void {
    this.#sql('UPDATE pushes SET draft = ? WHERE id = ?').run(JSON.stringify(draft), id);
  }

  /** The server acknowledged revision `rev`: whoever is still `pending` is `sent`. */
  markSent(id: string, rev: number): void {
    const now = this.#clock.now();
    this.#transaction(() => {
      this.#sql('UPDATE pushes SET sent_rev = MAX(sent_rev, ?) WHERE id = ?').run(rev, id);
      this.#sql(
        `UPDATE deliveries SET state = 'sent', updated_at = ? WHERE push_id = ? AND state = 'pending'`,
      ).run(now, id);
    });
  }

  /** The first send never reached the server: forget it unless a client already reported it. */
  abandon(id: string): void {
    this.#transaction(() => {
      const reported = this.#sql(
        `SELECT 1 FROM deliveries WHERE push_id = ? AND state != 'pending'`,
      ).get(id);
      const row = this.#sql('SELECT sent_rev FROM pushes WHERE id = ?').get(id) as
        { sent_rev: number } | undefined;
      if (reported || !row || row.sent_rev >= 0) return;
      this.#deletePushes([id]);
    });
  }

  /** Moves a recipient's delivery state forward only; answers whether it changed. */
  advance(id: string, jid: string, state: DeliveryState): boolean {
    const row = this.#sql('SELECT state FROM deliveries WHERE push_id = ? AND jid = ?').get(
      id,
      jid,
    ) as { state: DeliveryState } | undefined;
    if (!row || DELIVERY_STATES.indexOf(state) <= DELIVERY_STATES.indexOf(row.state)) return false;
    this.#sql('UPDATE deliveries SET state = ?, updated_at = ? WHERE push_id = ? AND jid = ?').run(
      state,
      this.#clock.now(),
      id,
      jid,
    );
    return true;
  }

  /**
   * Records `event` from recipient `jid` once (by its id) and, in the same transaction, the
   * callback it owes. Answers false for a repeat.
   */
  recordEvent(
    pushId: string,
    jid: string,
    event: RecordedEvent,
    callback: Omit<PendingCallback, 'attempts' | 'nextAttemptAt'> | null,
  ): boolean {
    return this.#transaction(() => {
      const inserted = this.#sql(
        `INSERT OR IGNORE INTO events (push_id, jid, id, type, action, at, seq)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(pushId, jid, event.id, event.type, event.action, event.at, this.#seq + 1);
      if (inserted.changes === 0) return false;
      this.#seq += 1;
      if (callback) {
        this.#sql(
          `INSERT OR IGNORE INTO callbacks (event_id, url, token, body, next_attempt_at)
             VALUES (?, ?, ?, ?, ?)`,
        ).run(callback.eventId, callback.url, callback.tokenName, callback.body, 0);
      }
      return true;
    });
  }

  dueCallbacks(limit: number): PendingCallback[] {
    const rows = this.#sql(
      `SELECT event_id, url, token, body, attempts, next_attempt_at FROM callbacks
         WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
    ).all(this.#clock.now(), limit) as Array<{
      event_id: string;
      url: string;
      token: string;
      body: string;
      attempts: number;
      next_attempt_at: number;
    }>;
    return rows.map((row) => ({
      eventId: row.event_id,
      url: row.url,
      tokenName: row.token,
      body: row.body,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
    }));
  }

  /** When the next pending callback is due (epoch ms), or null when none is pending. */
  nextCallbackAt(): number | null {
    const row = this.#sql('SELECT MIN(next_attempt_at) AS next FROM callbacks').get() as {
      next: number | null;
    };
    return row.next;
  }

  callbackDelivered(eventId: string): void {
    this.#sql('DELETE FROM callbacks WHERE event_id = ?').run(eventId);
  }

  callbackFailed(eventId: string, nextAttemptAt: number): void {
    this.#sql(
      'UPDATE callbacks SET attempts = attempts + 1, next_attempt_at = ? WHERE event_id = ?',
    ).run(nextAttemptAt, eventId);
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Drops pushes past the age or count bound, at most once a second: finding the count's
   * excess walks the whole index, and per push that made each request slower as the store
   * grew (0.8 → 1.9 ms per push over 9,000 pushes).
   */
  #expire(): void {
    const now = this.#clock.now();
    if (now - this.#expiredAt < EXPIRE_EVERY_MS) return;
    this.#expiredAt = now;
    const oldestAllowed = now - this.#ttlMs;
    const old = this.#sql(
      `SELECT id FROM pushes WHERE created_at < ?
         UNION SELECT id FROM (SELECT id FROM pushes ORDER BY created_at DESC LIMIT -1 OFFSET ?)`,
    ).all(oldestAllowed, this.#maxEntries) as Array<{ id: string }>;
    if (old.length > 0) this.#transaction(() => this.#deletePushes(old.map((row) => row.id)));
  }

  #deletePushes(ids: string[]): void {
    for (const table of ['deliveries', 'events']) {
      const remove = this.#sql(`DELETE FROM ${table} WHERE push_id = ?`);
      for (const id of ids) remove.run(id);
    }
    const remove = this.#sql('DELETE FROM pushes WHERE id = ?');
    for (const id of ids) remove.run(id);
  }

  #transaction<T>(work: () => T): T {
    if (this.#db.isTransaction) return work();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}
