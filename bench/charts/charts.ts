/**
 * Charts of a run, as SVG and PNG (rendered by Chromium through Playwright) in the output
 * dir; with a publish dir, the PNGs are copied there for docs/performance.md.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  niceMax,
  renderLineChart,
  type ChartSeries,
} from './chart-svg.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium.ts';
import type { RunResults } from '../results.ts';
import { percentile, summarize } from '../stats.ts';

const COLORS = { herald: '#1f6feb', baseline: '#2da44e', light: '#8cb4f5', dark: '#0b3d91' };

/** Share of samples at or below each x: the whole distribution in one line. */
function cdf(samples: readonly number[]): Array<[number, number]> {
  const sorted = [...samples].sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(sorted.length / 400));
  const points: Array<[number, number]> = [[0, 0]];
  sorted.forEach((value, index) => {
    if (index % step === 0 || index === sorted.length - 1)
      points.push([value, ((index + 1) / sorted.length) * 100]);
  });
  return points;
}

function latencyChart(series: Record<string, number[]>, quick: boolean): string | null {
  const herald = series.herald100;
  const baseline = series.baseline100;
  if (!herald?.length || !baseline?.length) return null;
  const lines: ChartSeries[] = [
    {
      name: `Herald @ 10/s (p50 ${fmt(series.herald10)})`,
      points: cdf(series.herald10 ?? []),
      color: COLORS.light,
      dashed: true,
    },
    { name: `Herald @ 100/s (p50 ${fmt(herald)})`, points: cdf(herald), color: COLORS.herald },
    {
      name: `Herald @ 1000/s (p50 ${fmt(series.herald1000)})`,
      points: cdf(series.herald1000 ?? []),
      color: COLORS.dark,
      dashed: true,
    },
    {
      name: `XMPP client → client @ 100/s (p50 ${fmt(baseline)})`,
      points: cdf(baseline),
      color: COLORS.baseline,
    },
  ].filter((line) => line.points.length > 1);
  const sorted = [...herald].sort((a, b) => a - b);
  return renderLineChart({
    title: 'End-to-end latency: HTTP POST → push stored and decided in the client',
    subtitle: `Share of pushes within x ms, loopback, one Prosody${quick ? ' (quick run: few samples)' : ''}`,
    xLabel: 'latency (ms)',
    yLabel: 'pushes (%)',
    xMax: niceMax(Math.max(percentile(sorted, 99.5), 5) * 1.1),
    yMax: 100,
    yTick: (v) => `${v}%`,
    series: lines,
    legend: 'bottom-right',
  });
}

function fmt(samples: readonly number[] | undefined): string {
  const p50 = summarize(samples ?? []).p50;
  return Number.isFinite(p50) ? `${p50.toFixed(1)} ms` : '—';
}

function drainChart(series: Record<string, number[]>, quick: boolean): string | null {
  const times = [...(series.drainCurve ?? [])].sort((a, b) => a - b);
  if (!times.length) return null;
  const step = Math.max(1, Math.floor(times.length / 500));
  const points: Array<[number, number]> = [[0, 0]];
  times.forEach((t, index) => {
    if (index % step === 0 || index === times.length - 1) points.push([t, index + 1]);
  });
  const last = times[times.length - 1] ?? 1;
  return renderLineChart({
    title: `Burst drain: ${times.length.toLocaleString('en-US')} pushes queued while offline`,
    subtitle: `Pushes stored in the inbox after the client came online${quick ? ' (quick run)' : ''}`,
    xLabel: 'seconds after login',
    yLabel: 'pushes in the inbox',
    xMax: niceMax(last * 1.05),
    yMax: niceMax(times.length),
    series: [{ name: 'stored (each batch one transaction)', points, color: COLORS.herald }],
    legend: 'top-left',
  });
}

function gatewayChart(series: Record<string, number[]>, quick: boolean): string | null {
  const lines: ChartSeries[] = [];
  const variants = [
    { key: 'default', name: 'Prosody as configured by default (Nagle on)', color: COLORS.herald },
    {
      key: 'nodelay',
      name: 'Prosody with network_settings = { nagle = false }',
      color: COLORS.baseline,
    },
  ];
  for (const variant of variants) {
    const concurrency = series[`gateway_${variant.key}_concurrency`] ?? [];
    const rates = series[`gateway_${variant.key}_rate`] ?? [];
    const points = concurrency.map((c, i): [number, number] => [Math.log2(c), rates[i] ?? 0]);
    if (points.length) lines.push({ name: variant.name, points, color: variant.color });
  }
  if (!lines.length) return null;
  const maxX = Math.max(...lines.flatMap((line) => line.points.map(([x]) => x)));
  const maxY = Math.max(...lines.flatMap((line) => line.points.map(([, y]) => y)));
  return renderLineChart({
    title: 'Gateway throughput: pushes/s acknowledged by Prosody',
    subtitle: `One gateway, one Prosody, one Herald client, closed-loop HTTP load${quick ? ' (quick run)' : ''}`,
    xLabel: 'concurrent HTTP requests',
    yLabel: 'pushes per second',
    xMax: Math.max(1, Math.ceil(maxX)),
    yMax: niceMax(maxY * 1.1),
    xTick: (v) => (Number.isInteger(v) ? String(2 ** v) : ''),
    series: lines,
    legend: 'top-left',
  });
}

/** Writes the charts; returns the paths of the PNGs. */
export async function writeCharts(
  run: RunResults,
  outDir: string,
  publishDir: string | null,
): Promise<string[]> {
  const series = Object.assign({}, ...run.benchmarks.map((b) => b.series ?? {})) as Record<
    string,
    number[]
  >;
  const charts = [
    { name: 'performance-latency', svg: latencyChart(series, run.quick) },
    { name: 'performance-drain', svg: drainChart(series, run.quick) },
    { name: 'performance-gateway', svg: gatewayChart(series, run.quick) },
  ].filter((chart): chart is { name: string; svg: string } => chart.svg !== null);
  if (!charts.length) return [];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const written: string[] = [];
  try {
    const page = await browser.newPage({
      viewport: { width: CHART_WIDTH, height: CHART_HEIGHT },
      deviceScaleFactor: 2,
    });
    for (const chart of charts) {
      await writeFile(join(outDir, `${chart.name}.svg`), chart.svg);
      await page.setContent(`<!doctype html><body style="margin:0">${chart.svg}</body>`);
      const png = join(outDir, `${chart.name}.png`);
      await page.screenshot({
        path: png,
        clip: { x: 0, y: 0, width: CHART_WIDTH, height: CHART_HEIGHT },
      });
      written.push(png);
      if (publishDir) {
        await copyFile(png, join(publishDir, `${chart.name}.png`));
        written.push(join(publishDir, `${chart.name}.png`));
      }
    }
  } finally {
    await browser.close();
  }
  return written;
}
