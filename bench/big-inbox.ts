/**
 * 4. Big inbox: 10,000 and 50,000 realistic items in inbox.sqlite. Each size is measured in
 * fresh processes (bench/processes/big-inbox-child.ts), several times; the file is in the page cache,
 * as it is when the app restarts (a truly cold disk would add the read of the file).
 */
import { join } from 'node:path';
import type { InboxItem } from '../core/inbox-storage.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import type { BigInboxResult } from './processes/big-inbox-child.ts';
import { runChild } from './processes/child.ts';
import type { Benchmark } from './context.ts';
import { benchDraft, benchItem } from './support/pushes.ts';
import type { Metric } from './results.ts';
import { summarize } from './stats.ts';

export const bigInboxBenchmark: Benchmark = {
  name: 'inbox',
  title: 'Big inbox: cold load, memory, save after one change',
  async run(context) {
    const sizes = context.quick ? [10_000] : [10_000, 50_000];
    const processes = context.quick ? 2 : 5;
    const metrics: Metric[] = [];
    const notes: string[] = [];
    for (const size of sizes) {
      const file = join(context.workDir, `inbox-${size}.sqlite`);
      seed(file, size);
      context.log(`inbox: ${size} items, ${processes} fresh processes`);
      const runs: BigInboxResult[] = [];
      for (let i = 0; i < processes; i++) {
        runs.push(
          await runChild<BigInboxResult>(
            './big-inbox-child.ts',
            [file, String(size), '20'],
            context.scope,
            ['--expose-gc'],
          ),
        );
      }
      const pick = (f: (r: BigInboxResult) => number) => runs.map(f);
      const dist = (
        key: string,
        label: string,
        samples: number[],
        unit: Metric['unit'],
      ): Metric => {
        const s = summarize(samples);
        return {
          key: `inbox.${size}.${key}`,
          label: `${label} (${size.toLocaleString('en-US')})`,
          unit,
          value: s.p50,
          p99: s.p99,
          n: s.n,
        };
      };
      metrics.push(
        dist(
          'load',
          'cold load into memory',
          pick((r) => r.loadMs),
          'ms',
        ),
        dist(
          'heap',
          'heap held',
          pick((r) => r.heapMb),
          'MB',
        ),
        dist(
          'rss',
          'RSS growth',
          pick((r) => r.rssMb),
          'MB',
        ),
        dist(
          'snapshot',
          'window snapshot (list + counts)',
          pick((r) => r.snapshotMs),
          'ms',
        ),
        dist(
          'save',
          'save after one change',
          runs.flatMap((r) => r.saveMs),
          'ms',
        ),
      );
      notes.push(
        `${size}: process RSS after load ${summarize(pick((r) => r.rssTotalMb)).p50.toFixed(0)} MB in total (Node itself included).`,
      );
    }
    return { metrics, notes };
  },
};

/** Items like real ones (dev/samples texts), spread over the last 60 days. */
function seed(file: string, size: number): void {
  const now = Date.now();
  const items: InboxItem[] = Array.from({ length: size }, (_, index) => {
    const at = now - Math.floor((index * 60 * 86_400_000) / size);
    return benchItem(benchDraft('item', index), { at, index });
  });
  const { storage } = openSqliteInboxStorage(file);
  storage.write({
    upsert: items,
    remove: [],
    seen: items.map((item) => ({ key: item.id, at: item.receivedAt })),
    meta: {},
  });
  storage.close();
}
