/** What a benchmark reports: metrics (some with a budget), notes, and series for the charts. */

export type Unit = 'ms' | 'µs' | 'MB' | '/s' | '%' | '' | '×';

export interface Metric {
  /** Stable key, e.g. `latency.herald.100`; budgets and the JSON refer to it. */
  key: string;
  label: string;
  unit: Unit;
  /** The median for a distribution, else the one measured value. */
  value: number;
  /** Set for distributions. */
  p99?: number;
  /** Number of samples behind `value` (and `p99`). */
  n?: number;
}

export interface BenchmarkOutput {
  metrics: Metric[];
  /** Sentences for the report: what was measured, what limited it. */
  notes: string[];
  /** Raw data for charts (latency samples, drain curve…), kept in the JSON. */
  series?: Record<string, number[]>;
}

export interface BudgetVerdict {
  key: string;
  /** e.g. "p99 ≤ 15 ms". */
  text: string;
  measured: number;
  ok: boolean;
}

export interface BenchmarkResult extends BenchmarkOutput {
  name: string;
  title: string;
  durationMs: number;
  /** Set when the benchmark could not finish; its metrics are then partial or empty. */
  error?: string;
}

export interface RunResults {
  startedAt: string;
  quick: boolean;
  machine: Record<string, string>;
  benchmarks: BenchmarkResult[];
  budgets: BudgetVerdict[];
}
