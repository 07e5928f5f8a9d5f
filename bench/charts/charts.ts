/**
 * The charts of docs/performance.md as SVG, drawn from chart data (chart-data.ts). A run
 * writes them to its output dir; `--publish` writes them to docs/ too, with their data.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../results.ts';
import { formatValue } from '../table.ts';
import { chartData, type ChartData, type LatencyCurve } from './chart-data.ts';
import { niceMax, renderLineChart, type ChartSeries } from './chart-svg.ts';

const COLORS = { herald: '#1f6feb', baseline: '#2da44e', light: '#8cb4f5', dark: '#0b3d91' };

/** Where a published run's chart data is kept, in the publish dir. */
export const CHART_DATA_FILE = 'performance-charts.json';

/** The smallest latency at which the CDF reaches `share` %, between its points. */
function latencyAtShare(cdf: ReadonlyArray<[number, number]>, share: number): number {
  const index = cdf.findIndex(([, y]) => y >= share);
  if (index < 0) return cdf[cdf.length - 1]?.[0] ?? 0;
  const [x1, y1] = cdf[index] ?? [0, 0];
  const [x0, y0] = cdf[index - 1] ?? [x1, y1];
  return y1 === y0 ? x1 : x0 + ((share - y0) / (y1 - y0)) * (x1 - x0);
}

function latencyChart(data: ChartData): string | null {
  const latency = data.latency;
  if (!latency) return null;
  const line = (label: string, curve: LatencyCurve | undefined, color: string, dashed = false) => ({
    name: `${label} (p50 ${formatValue(curve?.p50 ?? Number.NaN, 'ms')})`,
    points: curve?.cdf ?? [],
    color,
    dashed,
  });
  const lines: ChartSeries[] = [
    line('Herald @ 10/s', latency.herald10, COLORS.light, true),
    line('Herald @ 100/s', latency.herald100, COLORS.herald),
    line('Herald @ 1000/s', latency.herald1000, COLORS.dark, true),
    line('XMPP client → client @ 100/s', latency.baseline100, COLORS.baseline),
  ].filter((series) => series.points.length > 1);
  return renderLineChart({
    title: 'End-to-end latency: HTTP POST → push stored and decided in the client',
    subtitle: `Share of pushes within x ms, loopback, one Prosody${data.quick ? ' (quick run: few samples)' : ''}`,
    xLabel: 'latency (ms)',
    yLabel: 'pushes (%)',
    xMax: niceMax(Math.max(latencyAtShare(latency.herald100.cdf, 99.5), 5) * 1.1),
    yMax: 100,
    yTick: (v) => `${v}%`,
    series: lines,
    legend: 'bottom-right',
  });
}

function drainChart(data: ChartData): string | null {
  const drain = data.drain;
  if (!drain) return null;
  const last = drain.stored[drain.stored.length - 1]?.[0] ?? 1;
  return renderLineChart({
    title: `Burst drain: ${drain.pushes.toLocaleString('en-US')} pushes queued while offline`,
    subtitle: `Pushes stored in the inbox after the client came online${data.quick ? ' (quick run)' : ''}`,
    xLabel: 'seconds after login',
    yLabel: 'pushes in the inbox',
    xMax: niceMax(last * 1.05),
    yMax: niceMax(drain.pushes),
    series: [
      { name: 'stored (each batch one transaction)', points: drain.stored, color: COLORS.herald },
    ],
    legend: 'top-left',
  });
}

function gatewayChart(data: ChartData): string | null {
  const variants = [
    {
      levels: data.gateway?.default,
      name: 'Prosody as configured by default (Nagle on)',
      color: COLORS.herald,
    },
    {
      levels: data.gateway?.nodelay,
      name: 'Prosody with network_settings = { nagle = false }',
      color: COLORS.baseline,
    },
  ];
  const lines: ChartSeries[] = variants
    .filter((variant) => variant.levels?.length)
    .map((variant) => ({
      name: variant.name,
      // Concurrency doubles from level to level: evenly spaced on a log₂ axis.
      points: (variant.levels ?? []).map(([c, rate]): [number, number] => [Math.log2(c), rate]),
      color: variant.color,
    }));
  if (!lines.length) return null;
  const maxX = Math.max(...lines.flatMap((series) => series.points.map(([x]) => x)));
  const maxY = Math.max(...lines.flatMap((series) => series.points.map(([, y]) => y)));
  return renderLineChart({
    title: 'Gateway throughput: pushes/s acknowledged by Prosody',
    subtitle: `One gateway, one Prosody, one Herald client, closed-loop HTTP load${data.quick ? ' (quick run)' : ''}`,
    xLabel: 'concurrent HTTP requests',
    yLabel: 'pushes per second',
    xMax: Math.max(1, Math.ceil(maxX)),
    yMax: niceMax(maxY * 1.1),
    xTick: (v) => String(2 ** v),
    xTicks: Array.from({ length: Math.max(1, Math.ceil(maxX)) + 1 }, (_, level) => level),
    series: lines,
    legend: 'top-left',
  });
}

export function drawCharts(data: ChartData): Array<{ name: string; svg: string }> {
  return [
    { name: 'performance-latency', svg: latencyChart(data) },
    { name: 'performance-drain', svg: drainChart(data) },
    { name: 'performance-gateway', svg: gatewayChart(data) },
  ].filter((chart): chart is { name: string; svg: string } => chart.svg !== null);
}

/** Writes each chart as `<dir>/<name>.svg`; returns the paths. */
export async function writeSvgs(data: ChartData, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const chart of drawCharts(data)) {
    const file = join(dir, `${chart.name}.svg`);
    await writeFile(file, `${chart.svg}\n`);
    written.push(file);
  }
  return written;
}

/** As Prettier formats it, so a published run keeps `npm run format:check` green. */
export async function writeChartData(data: ChartData, file: string): Promise<void> {
  const { format, resolveConfig } = await import('prettier');
  const options = { ...(await resolveConfig(file)), filepath: file };
  await writeFile(file, await format(JSON.stringify(data), options));
}

/** A run's charts in its output dir; with a publish dir, there too with their data. */
export async function writeCharts(
  run: RunResults,
  outDir: string,
  publishDir: string | null,
): Promise<string[]> {
  const data = chartData(run);
  const written = await writeSvgs(data, outDir);
  if (publishDir && written.length) {
    await writeChartData(data, join(publishDir, CHART_DATA_FILE));
    written.push(...(await writeSvgs(data, publishDir)));
  }
  return written;
}
