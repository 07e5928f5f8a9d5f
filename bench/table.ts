/** The results as a plain-text table (terminal) and a Markdown table (docs/performance.md). */
import type { BenchmarkResult, BudgetVerdict, Metric } from './results.ts';

interface Row {
  benchmark: string;
  metric: string;
  n: string;
  median: string;
  p99: string;
  budget: string;
  result: string;
}

const HEADERS: Row = {
  benchmark: 'benchmark',
  metric: 'metric',
  n: 'n',
  median: 'median / value',
  p99: 'p99',
  budget: 'budget',
  result: 'result',
};

export function formatValue(value: number, unit: Metric['unit']): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = unit === '/s' ? 0 : abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: Number.isInteger(value) && unit === '' ? 0 : digits,
    maximumFractionDigits: digits,
  });
  return unit === '' ? text : unit === '×' ? `${text}×` : `${text} ${unit}`;
}

function rows(results: readonly BenchmarkResult[], verdicts: readonly BudgetVerdict[]): Row[] {
  const out: Row[] = [];
  for (const result of results) {
    if (result.error) {
      out.push({ ...blank(result.name), metric: `FAILED: ${result.error.split('\n')[0]}` });
      continue;
    }
    for (const metric of result.metrics) {
      const budgets = verdicts.filter((v) => v.key === metric.key);
      out.push({
        benchmark: result.name,
        metric: metric.label,
        n: metric.n === undefined ? '' : String(metric.n),
        median: formatValue(metric.value, metric.unit),
        p99: metric.p99 === undefined ? '' : formatValue(metric.p99, metric.unit),
        budget: budgets.map((b) => b.text).join(', '),
        result: budgets.length ? (budgets.every((b) => b.ok) ? 'ok' : 'MISSED') : '',
      });
    }
  }
  return out;
}

function blank(benchmark: string): Row {
  return { benchmark, metric: '', n: '', median: '', p99: '', budget: '', result: '' };
}

const COLUMNS = Object.keys(HEADERS) as Array<keyof Row>;
const RIGHT_ALIGNED = new Set<keyof Row>(['n', 'median', 'p99']);

export function textTable(
  results: readonly BenchmarkResult[],
  verdicts: readonly BudgetVerdict[],
): string {
  const all = [HEADERS, ...rows(results, verdicts)];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: Row) =>
    COLUMNS.map((column, index) => {
      const width = widths[index] ?? 0;
      return RIGHT_ALIGNED.has(column) ? row[column].padStart(width) : row[column].padEnd(width);
    })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(HEADERS), rule, ...all.slice(1).map(line)].join('\n');
}

export function markdownTable(
  results: readonly BenchmarkResult[],
  verdicts: readonly BudgetVerdict[],
): string {
  // Indented rows belong to the row above; Markdown drops the indent, so mark them.
  const escape = (text: string) => text.replaceAll('|', '\\|').replace(/^ +/, '↳ ').trim();
  const line = (row: Row) => `| ${COLUMNS.map((column) => escape(row[column])).join(' | ')} |`;
  const align = COLUMNS.map((column) => (RIGHT_ALIGNED.has(column) ? '---:' : '---'));
  return [line(HEADERS), `| ${align.join(' | ')} |`, ...rows(results, verdicts).map(line)].join(
    '\n',
  );
}
