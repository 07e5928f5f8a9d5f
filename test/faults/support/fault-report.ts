/**
 * What a fault scenario delivered, counted from what users see: the pushes `herald listen`
 * printed (across every process that ran on the data dir), the notifications it showed, and
 * the inbox file left on disk. Each scenario's row goes to a JSON-lines file that the summary
 * reporter prints as one table at the end of the run.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListenEvent } from '../../support/listener.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Set per run by vitest.config.ts; the summary reporter prints and removes it. */
export function faultRowsFile(): string {
  return resolve(ROOT, process.env.HERALD_FAULT_ROWS ?? 'test-results/fault-rows.jsonl');
}

export interface FaultRow {
  server: string;
  scenario: string;
  sent: number;
  received: number;
  lost: number;
  duplicatePushes: number;
  duplicateNotifications: number;
  /** From the fault to the client being online again; null where nothing went down. */
  recoveryMs: number | null;
  /** The most the recovery may take: keepalive window + one backoff step + a login. */
  recoveryBudgetMs: number | null;
}

export interface Tally {
  received: number;
  lost: string[];
  duplicatePushes: number;
  duplicateNotifications: number;
  /** Ids in the inbox file but never printed, or printed but not in the file. */
  storeMismatch: string[];
}

/** Counts pushes and notifications over every listener run in order, and the inbox on disk. */
export function tally(
  runs: ReadonlyArray<{ events: ListenEvent[] }>,
  sent: Iterable<string>,
  inboxFile: string,
): Tally {
  const printed = new Map<string, number>();
  const shown = new Map<string, number>();
  const bump = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  for (const { events } of runs) {
    for (const event of events) {
      if (event.type === 'push') bump(printed, String(event.id));
      if (event.type !== 'notification') continue;
      if (event.action === 'toast') bump(shown, String(event.id));
      if (event.action === 'summary') for (const id of event.ids as string[]) bump(shown, id);
    }
  }
  const stored = readInboxIds(inboxFile);
  const sentIds = [...sent];
  const lost = sentIds.filter((id) => !printed.has(id) || !stored.has(id));
  const storeMismatch = [...stored].filter((id) => !printed.has(id));
  const excess = (map: Map<string, number>) =>
    [...map.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return {
    received: printed.size,
    lost,
    duplicatePushes: excess(printed),
    duplicateNotifications: excess(shown),
    storeMismatch,
  };
}

export function readInboxIds(inboxFile: string): Set<string> {
  const db = new DatabaseSync(inboxFile, { readOnly: true });
  try {
    const rows = db.prepare('SELECT id FROM items').all() as Array<{ id: string }>;
    return new Set(rows.map((row) => row.id));
  } finally {
    db.close();
  }
}

export function recordFaultRow(row: FaultRow): void {
  const file = faultRowsFile();
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}

export function inboxFileOf(dataDir: string): string {
  return join(dataDir, 'inbox.sqlite');
}
