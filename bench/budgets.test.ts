import { describe, expect, it } from 'vitest';
import { checkBudgets } from './budgets.ts';
import type { BenchmarkResult, Metric } from './results.ts';

const result = (metrics: Metric[]): BenchmarkResult => ({
  name: 'x',
  title: 'x',
  durationMs: 1,
  notes: [],
  metrics,
});

const latency = (value: number, p99?: number): Metric => ({
  key: 'latency.herald.100',
  label: 'latency',
  unit: 'ms',
  value,
  ...(p99 === undefined ? {} : { p99 }),
});

describe('checkBudgets', () => {
  it('checks the median and the p99 of a distribution against their own limits', () => {
    expect(checkBudgets([result([latency(3, 16)])])).toEqual([
      { key: 'latency.herald.100', text: 'p50 ≤ 3 ms', measured: 3, ok: true },
      { key: 'latency.herald.100', text: 'p99 ≤ 15 ms', measured: 16, ok: false },
    ]);
  });

  it('fails a p99 budget when the metric has no p99', () => {
    const [, p99] = checkBudgets([result([latency(2)])]);
    expect(p99).toMatchObject({ text: 'p99 ≤ 15 ms', ok: false });
    expect(p99?.measured).toBeNaN();
  });

  it('holds "at least" and "exactly" budgets only on the right side', () => {
    const verdicts = checkBudgets([
      result([
        { key: 'throughput.engine', label: 't', unit: '/s', value: 20_000 },
        { key: 'drain.summaries', label: 's', unit: '', value: 2 },
        { key: 'drain.toasts', label: 't', unit: '', value: 0 },
      ]),
    ]);
    expect(verdicts.map(({ key, ok }) => [key, ok])).toEqual([
      ['drain.summaries', false],
      ['drain.toasts', true],
      ['throughput.engine', true],
    ]);
  });

  it('leaves out budgets whose metric was not measured', () => {
    expect(checkBudgets([])).toEqual([]);
    expect(checkBudgets([result([{ key: 'idle.cpu', label: 'i', unit: 'ms', value: 1 }])])).toEqual(
      [],
    );
  });
});
