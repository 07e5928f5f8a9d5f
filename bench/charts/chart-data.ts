/**
 * What the published charts are drawn from: chart-ready points, small enough to commit
 * (docs/performance-charts.json), so the SVGs can be redrawn without running the benchmarks.
 */
import type { RunResults } from '../results.ts';
import { summarize } from '../stats.ts';

/** A latency distribution as its median and its CDF: [ms, % of pushes at or below]. */
export interface LatencyCurve {
  p50: number;
  cdf: Array<[number, number]>;
}

export interface ChartData {
  /** Which run the figures come from, and how they were taken. */
  source: string;
  quick: boolean;
  latency?: {
    herald10?: LatencyCurve;
    herald100: LatencyCurve;
    herald1000?: LatencyCurve;
    baseline100: LatencyCurve;
  };
  /** Pushes in the inbox over time: [seconds after login, pushes]. */
  drain?: { pushes: number; stored: Array<[number, number]> };
  /** Acknowledged rate per level: [concurrent requests, pushes/s], Prosody as configured and without Nagle. */
  gateway?: { default?: Array<[number, number]>; nodelay?: Array<[number, number]> };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Share of samples at or below each x, about 400 points: the whole distribution in one line. */
function latencyCurve(samples: readonly number[] | undefined): LatencyCurve | undefined {
  if (!samples?.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(sorted.length / 400));
  const cdf: Array<[number, number]> = [[0, 0]];
  sorted.forEach((value, index) => {
    if (index % step === 0 || index === sorted.length - 1)
      cdf.push([round(value, 3), round(((index + 1) / sorted.length) * 100, 2)]);
  });
  return { p50: summarize(sorted).p50, cdf };
}

function drainCurve(arrivals: readonly number[] | undefined): ChartData['drain'] {
  const times = [...(arrivals ?? [])].sort((a, b) => a - b);
  if (!times.length) return undefined;
  const step = Math.max(1, Math.floor(times.length / 500));
  const stored: Array<[number, number]> = [[0, 0]];
  times.forEach((t, index) => {
    if (index % step === 0 || index === times.length - 1) stored.push([round(t, 4), index + 1]);
  });
  return { pushes: times.length, stored };
}

function gatewayLevels(
  series: Record<string, number[] | undefined>,
  variant: string,
): Array<[number, number]> | undefined {
  const concurrency = series[`gateway_${variant}_concurrency`] ?? [];
  const rates = series[`gateway_${variant}_rate`] ?? [];
  const levels = concurrency.map((c, i): [number, number] => [c, round(rates[i] ?? 0, 1)]);
  return levels.length ? levels : undefined;
}

export function chartData(run: RunResults): ChartData {
  const series = Object.assign({}, ...run.benchmarks.map((b) => b.series ?? {})) as Record<
    string,
    number[] | undefined
  >;
  const herald100 = latencyCurve(series.herald100);
  const baseline100 = latencyCurve(series.baseline100);
  const gateway = {
    default: gatewayLevels(series, 'default'),
    nodelay: gatewayLevels(series, 'nodelay'),
  };
  return {
    source: `npm run bench${run.quick ? ' --quick' : ''}, started ${run.startedAt}`,
    quick: run.quick,
    latency:
      herald100 && baseline100
        ? {
            herald10: latencyCurve(series.herald10),
            herald100,
            herald1000: latencyCurve(series.herald1000),
            baseline100,
          }
        : undefined,
    drain: drainCurve(series.drainCurve),
    gateway: gateway.default || gateway.nodelay ? gateway : undefined,
  };
}
