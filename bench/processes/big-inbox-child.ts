/**
 * One big-inbox measurement in a fresh process (run by bench/big-inbox.ts), so the heap and
 * RSS figures are the inbox's and nothing else's: cold load of inbox.sqlite into the Inbox,
 * the memory it holds, the window's snapshot, and saving after one change.
 *
 * Usage: node --expose-gc bench/processes/big-inbox-child.ts FILE ITEMS SAVES
 */
import { Inbox } from '../../core/inbox.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { sendResult } from './child.ts';

export interface BigInboxResult {
  loadMs: number;
  heapMb: number;
  rssMb: number;
  rssTotalMb: number;
  snapshotMs: number;
  saveMs: number[];
  items: number;
}

const [file = '', itemsText = '0', savesText = '20'] = process.argv.slice(2);
const collect = (): void => {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  globalThis.gc();
  globalThis.gc();
};

collect();
const before = process.memoryUsage();
const started = performance.now();
const { storage } = openSqliteInboxStorage(file);
const inbox = new Inbox({ storage, retention: { maxItems: Math.max(10_000, Number(itemsText)) } });
const loadMs = performance.now() - started;
collect();
const after = process.memoryUsage();

// What the inbox window asks for when it opens (list + counts).
const snapshotStarted = performance.now();
const items = inbox.list();
inbox.counts();
const snapshotMs = performance.now() - snapshotStarted;

// Save after one change: mark one item read and write, as the 50 ms batch timer would.
const saveMs: number[] = [];
const saves = Number(savesText);
for (let i = 0; i < saves; i++) {
  const item = items[Math.floor((i * items.length) / saves)];
  if (!item) break;
  inbox.setRead(item.id, !item.read);
  const saveStarted = performance.now();
  inbox.flush();
  saveMs.push(performance.now() - saveStarted);
}
inbox.close();

const mb = (bytes: number) => bytes / 2 ** 20;
sendResult({
  loadMs,
  heapMb: mb(after.heapUsed - before.heapUsed),
  rssMb: mb(after.rss - before.rss),
  rssTotalMb: mb(after.rss),
  snapshotMs,
  saveMs,
  items: items.length,
} satisfies BigInboxResult);
