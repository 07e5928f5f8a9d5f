/**
 * The inbox on disk: one SQLite file (node:sqlite, WAL) shared by the desktop app and
 * `herald listen`. Chosen over a JSON store because conf/electron-store rewrite the whole
 * file on every change (21 ms per write at 10,000 items, 133 ms at 50,000); SQLite writes
 * a batch incrementally, atomically, and survives the process being killed mid-write.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { accessSync, constants, existsSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InboxOpenError, type InboxReplaced } from './inbox-open-error.ts';
import {
  RESTORED_BEFORE_META,
  type ChosenAction,
  type InboxItem,
  type InboxStorage,
  type StorageBatch,
} from './inbox-storage.ts';
import type { PushAction, PushKind, PushPriority, PushState } from './push.ts';

const SCHEMA_VERSION = 2;

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE items (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      priority TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      url TEXT,
      url_label TEXT,
      due TEXT,
      category TEXT,
      sender TEXT NOT NULL,
      sent_at INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      delayed INTEGER NOT NULL,
      read INTEGER NOT NULL DEFAULT 0,
      done INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
    CREATE INDEX seen_at ON seen (at);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // A push's life after it is sent (docs/wire-format.md); actions and the choice as JSON.
  2: `
    ALTER TABLE items ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
    ALTER TABLE items ADD COLUMN expires TEXT;
    ALTER TABLE items ADD COLUMN ack_required INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN actions TEXT;
    ALTER TABLE items ADD COLUMN read_changed_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN done_changed_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN acknowledged_at INTEGER;
    ALTER TABLE items ADD COLUMN chosen_action TEXT;
    ALTER TABLE items ADD COLUMN updated_at INTEGER;
  `,
};

const COLUMNS = [
  'id',
  'kind',
  'priority',
  'title',
  'body',
  'url',
  'url_label',
  'due',
  'category',
  'sender',
  'sent_at',
  'received_at',
  'delayed',
  'read',
  'done',
  'rev',
  'state',
  'expires',
  'ack_required',
  'actions',
  'read_changed_at',
  'done_changed_at',
  'acknowledged_at',
  'chosen_action',
  'updated_at',
];

export interface OpenedStorage {
  storage: InboxStorage;
  /** Set when the file was unreadable and was moved aside; the user should be told. */
  replaced: InboxReplaced | null;
}

/** Opens (or creates) the inbox file; a corrupt file is renamed aside, never fatal. */
export function openSqliteInboxStorage(path: string, now = Date.now()): OpenedStorage {
  try {
    return { storage: new SqliteInboxStorage(path), replaced: null };
  } catch (error) {
    if (!existsSync(path) || !isCorruption(error)) throw describeOpenFailure(path, error);
    const aside = `${path}.corrupt-${now}`;
    const lastWrite = lastModified(path);
    renameSync(path, aside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    }
    const reason = error instanceof Error ? error.message : String(error);
    const storage = new SqliteInboxStorage(path);
    storage.write({
      upsert: [],
      remove: [],
      seen: [],
      meta: { [RESTORED_BEFORE_META]: String(lastWrite) },
    });
    return { storage, replaced: { aside, reason } };
  }
}

/** When the file (or its write-ahead log) was last written: what the user had seen by then. */
function lastModified(path: string): number {
  const times = ['', '-wal'].map((suffix) =>
    existsSync(path + suffix) ? statSync(path + suffix).mtimeMs : 0,
  );
  return Math.floor(Math.max(...times));
}

/** "unable to open database file" or "database is locked" says nothing; say which folder and why. */
function describeOpenFailure(path: string, error: unknown): Error {
  if (error instanceof InboxOpenError) return error;
  const folder = dirname(path);
  if (error instanceof Error && /database is locked/i.test(error.message)) {
    return new InboxOpenError({ code: 'inbox-in-use', params: { folder } }, { cause: error });
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (access) {
    const reasonCode = (access as NodeJS.ErrnoException).code ?? 'unknown';
    return new InboxOpenError(
      { code: 'inbox-not-writable', params: { folder, reasonCode } },
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function isCorruption(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /not a database|malformed|corrupt|integrity/i.test(message);
}

/** A row of `SELECT ${COLUMNS} FROM items` read as an array, in the order of COLUMNS. */
type ItemRow = [
  id: string,
  kind: string,
  priority: string,
  title: string,
  body: string,
  url: string | null,
  url_label: string | null,
  due: string | null,
  category: string | null,
  sender: string,
  sent_at: number,
  received_at: number,
  delayed: number,
  read: number,
  done: number,
  rev: number,
  state: string,
  expires: string | null,
  ack_required: number,
  actions: string | null,
  read_changed_at: number,
  done_changed_at: number,
  acknowledged_at: number | null,
  chosen_action: string | null,
  updated_at: number | null,
];

class SqliteInboxStorage implements InboxStorage {
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #remove: StatementSync;
  readonly #seen: StatementSync;
  readonly #hasSeen: StatementSync;
  readonly #meta: StatementSync;
  readonly #forgetSeen: StatementSync;

  constructor(path: string) {
    const db = new DatabaseSync(path);
    try {
      // One process owns the inbox (its items live in that process's memory): exclusive
      // locking makes a second one fail at open instead of both writing, and spares every
      // statement WAL's shared-memory lock calls (a duplicate check took 2.4 µs, now 0.6).
      // The short wait covers a Herald that is still closing as the next one starts.
      db.exec(
        'PRAGMA busy_timeout = 1000; PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;',
      );
      const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
      if (check?.quick_check !== 'ok')
        throw new Error(`integrity check failed: ${check?.quick_check}`);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    // A revision from the sender changes content as well as state: the whole row is replaced.
    this.#upsert = db.prepare(
      `INSERT INTO items (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
      ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1)
        .map((column) => `${column} = excluded.${column}`)
        .join(', ')}`,
    );
    this.#remove = db.prepare('DELETE FROM items WHERE id = ?');
    this.#seen = db.prepare('INSERT OR IGNORE INTO seen (key, at) VALUES (?, ?)');
    this.#hasSeen = db.prepare('SELECT 1 AS hit FROM seen WHERE key = ?');
    this.#meta = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#forgetSeen = db.prepare('DELETE FROM seen WHERE at < ?');
  }

  loadItems(): InboxItem[] {
    // Row by row, each row an array: node:sqlite builds an object of 25 named columns per
    // row more slowly, and all() keeps every row alive at once (docs/performance.md).
    const select = this.#db.prepare(`SELECT ${COLUMNS.join(', ')} FROM items`);
    select.setReturnArrays(true);
    const items: InboxItem[] = [];
    for (const row of select.iterate()) items.push(rowToItem(row as unknown as ItemRow));
    return items;
  }

  loadMeta(): Record<string, string> {
    const rows = this.#db.prepare('SELECT key, value FROM meta').all() as Array<{
      key: string;
      value: string;
    }>;
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  hasSeen(key: string): boolean {
    return this.#hasSeen.get(key) !== undefined;
  }

  write(batch: StorageBatch): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const item of batch.upsert) this.#upsert.run(...itemToRow(item));
      for (const id of batch.remove) this.#remove.run(id);
      for (const { key, at } of batch.seen) this.#seen.run(key, at);
      for (const [key, value] of Object.entries(batch.meta)) this.#meta.run(key, value);
      if (batch.forgetSeenBefore !== undefined) this.#forgetSeen.run(batch.forgetSeenBefore);
      this.#db.exec('COMMIT');
    } catch (error) {
      // SQLite has already rolled back after some errors (a full disk); keep the real reason.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function migrate(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
    user_version: number;
  };
  if (version > SCHEMA_VERSION) {
    throw new InboxOpenError({
      code: 'inbox-too-new',
      params: { version, supported: SCHEMA_VERSION },
    });
  }
  for (let next = version + 1; next <= SCHEMA_VERSION; next++) {
    db.exec('BEGIN');
    db.exec(MIGRATIONS[next] ?? '');
    db.exec(`PRAGMA user_version = ${next}`);
    db.exec('COMMIT');
  }
}

/**
 * The row in column order. Positional parameters: node:sqlite binds a named-parameter object
 * by looking each name up, which made every inserted push about 4 µs slower.
 */
function itemToRow(item: InboxItem): Array<string | number | null> {
  return [
    item.id,
    item.kind,
    item.priority,
    item.title,
    item.body,
    item.url,
    item.urlLabel,
    item.due,
    item.category,
    item.from,
    item.sentAt,
    item.receivedAt,
    item.delayed ? 1 : 0,
    item.read ? 1 : 0,
    item.done ? 1 : 0,
    item.rev,
    item.state,
    item.expires,
    item.ackRequired ? 1 : 0,
    item.actions.length ? JSON.stringify(item.actions) : null,
    item.readChangedAt,
    item.doneChangedAt,
    item.acknowledgedAt,
    item.chosenAction ? JSON.stringify(item.chosenAction) : null,
    item.updatedAt,
  ];
}

function rowToItem(row: ItemRow): InboxItem {
  const [
    id,
    kind,
    priority,
    title,
    body,
    url,
    urlLabel,
    due,
    category,
    from,
    sentAt,
    receivedAt,
    delayed,
    read,
    done,
    rev,
    state,
    expires,
    ackRequired,
    actions,
    readChangedAt,
    doneChangedAt,
    acknowledgedAt,
    chosenAction,
    updatedAt,
  ] = row;
  return {
    id,
    kind: kind as PushKind,
    priority: priority as PushPriority,
    title,
    body,
    url,
    urlLabel,
    due,
    category,
    from,
    sentAt,
    receivedAt,
    delayed: delayed === 1,
    read: read === 1,
    done: done === 1,
    rev,
    state: state as PushState,
    expires,
    ackRequired: ackRequired === 1,
    actions: actions ? (JSON.parse(actions) as PushAction[]) : [],
    readChangedAt,
    doneChangedAt,
    acknowledgedAt,
    chosenAction: chosenAction ? (JSON.parse(chosenAction) as ChosenAction) : null,
    updatedAt,
  };
}
