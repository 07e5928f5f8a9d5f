import { describe, expect, it } from 'vitest';
import type { BenchmarkResult, BudgetVerdict } from './results.ts';
import { formatValue, markdownTable, textTable } from './table.ts';

const base = { title: 'title', durationMs: 1, notes: [] };

const RESULTS: BenchmarkResult[] = [
  {
    ...base,
    name: 'latency',
    metrics: [
      {
        key: 'latency.herald.100',
        label: 'POST → push @ 100/s',
        unit: 'ms',
        value: 2.138,
        p99: 7.79,
        n: 1000,
      },
      {
        key: 'latency.client.100',
        label: '  of which in the client',
        unit: 'ms',
        value: 0.33,
        p99: 2.9,
        n: 1000,
      },
    ],
  },
  {
    ...base,
    name: 'drain',
    metrics: [{ key: 'drain.toasts', label: 'individual toasts', unit: '', value: 2 }],
  },
  { ...base, name: 'idle', metrics: [], error: 'no Prosody\n    at startProsody (dev/prosody.ts)' },
];

const VERDICTS: BudgetVerdict[] = [
  { key: 'latency.herald.100', text: 'p50 ≤ 3 ms', measured: 2.138, ok: true },
  { key: 'latency.herald.100', text: 'p99 ≤ 15 ms', measured: 7.79, ok: true },
  { key: 'drain.toasts', text: '= 0', measured: 2, ok: false },
];

describe('formatValue', () => {
  it('gives two decimals under 10, one under 100, none above, and the unit', () => {
    expect(formatValue(2.138, 'ms')).toBe('2.14 ms');
    expect(formatValue(14.25, '%')).toBe('14.3 %');
    expect(formatValue(150.4, 'µs')).toBe('150 µs');
    expect(formatValue(61_912, 'ms')).toBe('61,912 ms');
  });

  it('gives rates whole, counts without decimals and ratios with ×', () => {
    expect(formatValue(23_996.4, '/s')).toBe('23,996 /s');
    expect(formatValue(1, '')).toBe('1');
    expect(formatValue(0.09, '')).toBe('0.09');
    expect(formatValue(2.432, '×')).toBe('2.43×');
  });

  it('shows a dash for a figure that could not be measured', () => {
    expect(formatValue(Number.NaN, 'ms')).toBe('—');
    expect(formatValue(Number.POSITIVE_INFINITY, '/s')).toBe('—');
  });
});

describe('textTable', () => {
  it('aligns the columns, marks budgets ok or MISSED and shows a failure’s first line', () => {
    expect(textTable(RESULTS, VERDICTS)).toBe(
      [
        'benchmark  metric                       n  median / value      p99  budget                   result',
        '---------  ------------------------  ----  --------------  -------  -----------------------  ------',
        'latency    POST → push @ 100/s       1000         2.14 ms  7.79 ms  p50 ≤ 3 ms, p99 ≤ 15 ms  ok',
        'latency      of which in the client  1000         0.33 ms  2.90 ms',
        'drain      individual toasts                            2           = 0                      MISSED',
        'idle       FAILED: no Prosody',
      ].join('\n'),
    );
  });

  it('marks a metric MISSED when one of its budgets is', () => {
    const verdicts = VERDICTS.map((v) => (v.text === 'p99 ≤ 15 ms' ? { ...v, ok: false } : v));
    expect(textTable(RESULTS, verdicts).split('\n')[2]).toMatch(/p99 ≤ 15 ms {2}MISSED$/);
  });
});

describe('markdownTable', () => {
  it('right-aligns the figures and marks indented rows, which Markdown would flatten', () => {
    expect(markdownTable(RESULTS, VERDICTS)).toBe(
      [
        '| benchmark | metric | n | median / value | p99 | budget | result |',
        '| --- | --- | ---: | ---: | ---: | --- | --- |',
        '| latency | POST → push @ 100/s | 1000 | 2.14 ms | 7.79 ms | p50 ≤ 3 ms, p99 ≤ 15 ms | ok |',
        '| latency | ↳ of which in the client | 1000 | 0.33 ms | 2.90 ms |  |  |',
        '| drain | individual toasts |  | 2 |  | = 0 | MISSED |',
        '| idle | FAILED: no Prosody |  |  |  |  |  |',
      ].join('\n'),
    );
  });

  it('escapes a pipe in a label so it stays in its cell', () => {
    const results: BenchmarkResult[] = [
      { ...base, name: 'x', metrics: [{ key: 'k', label: 'a | b', unit: 'ms', value: 1 }] },
    ];
    expect(markdownTable(results, []).split('\n')[2]).toBe('| x | a \\| b |  | 1.00 ms |  |  |  |');
  });
});
