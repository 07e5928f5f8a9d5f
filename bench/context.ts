/** What every benchmark gets from the runner, and what it must provide. */
import type { BenchServer } from './processes/prosody.ts';
import type { BenchmarkOutput } from './results.ts';
import type { Scope } from './scope.ts';

export interface BenchContext {
  /** Small samples, to keep the command working in CI; figures are indicative only. */
  quick: boolean;
  /** Stops what the benchmark started, when it ends (or fails). */
  scope: Scope;
  /** A temp dir of this benchmark's own, removed afterwards. */
  workDir: string;
  /**
   * The run's Prosody, started on first use. `archive: false` is a second one without MAM,
   * for the sustained-rate benchmarks, which would otherwise measure Prosody's file archive
   * instead of routing (docs/performance.md, Method).
   * `noDelay: true` is one with Nagle's algorithm off on the server's side as well.
   * `dedicated: true` is a fresh one of the benchmark's own, stopped when it ends (for a
   * benchmark that leaves the server busy, like the drain's 10,000 offline receipts).
   */
  server(options?: {
    archive?: boolean;
    noDelay?: boolean;
    dedicated?: boolean;
    /** Only with `dedicated`: archives without Prosody's 10,000-message cap. */
    roomyArchive?: boolean;
  }): Promise<BenchServer>;
  /** A progress line on stderr. */
  log(message: string): void;
}

export interface Benchmark {
  /** For `--only`. */
  name: string;
  title: string;
  run(context: BenchContext): Promise<BenchmarkOutput>;
}
