import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../results.ts';
import { chartData, type ChartData } from './chart-data.ts';
import { CHART_WIDTH, renderLineChart } from './chart-svg.ts';
import { CHART_DATA_FILE, drawCharts } from './charts.ts';

const docs = resolve(import.meta.dirname, '../../docs');

describe('charts', () => {
  it('the SVGs in docs/ are the ones its chart data draws (npm run bench:charts)', async () => {
    const data = JSON.parse(await readFile(resolve(docs, CHART_DATA_FILE), 'utf8')) as ChartData;
    const charts = drawCharts(data);
    expect(charts.map((chart) => chart.name)).toEqual([
      'performance-latency',
      'performance-drain',
      'performance-gateway',
    ]);
    for (const chart of charts)
      expect(await readFile(resolve(docs, `${chart.name}.svg`), 'utf8')).toBe(`${chart.svg}\n`);
  });

  it('reduces a run to CDFs, the drain curve and the gateway levels, and labels the axes', () => {
    const run: RunResults = {
      startedAt: '2026-01-01T00:00:00.000Z',
      quick: true,
      machine: {},
      budgets: [],
      benchmarks: [
        {
          name: 'latency',
          title: 'latency',
          durationMs: 1,
          metrics: [],
          notes: [],
          series: { herald100: [3, 1, 2, 4], baseline100: [1, 1] },
        },
        {
          name: 'gateway',
          title: 'gateway',
          durationMs: 1,
          metrics: [],
          notes: [],
          series: { gateway_default_concurrency: [1, 2], gateway_default_rate: [300, 450.04] },
        },
      ],
    };
    const data = chartData(run);
    expect(data.latency?.herald100).toEqual({
      p50: 2,
      cdf: [
        [0, 0],
        [1, 25],
        [2, 50],
        [3, 75],
        [4, 100],
      ],
    });
    expect(data.drain).toBeUndefined();
    expect(data.gateway).toEqual({
      default: [
        [1, 300],
        [2, 450],
      ],
      nodelay: undefined,
    });
    const [latency, gateway] = drawCharts(data);
    expect(latency?.svg).toContain('>latency (ms)</text>');
    expect(latency?.svg).toContain('>Herald @ 100/s (p50 2.00 ms)</text>');
    expect(latency?.svg).toContain('(quick run: few samples)');
    expect(gateway?.svg).toContain('>pushes per second</text>');
  });

  it('lets a curve that goes on past the axis end leave through the edge, not climb up it', () => {
    const svg = renderLineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      xMax: 10,
      yMax: 100,
      legend: 'top-left',
      series: [
        {
          name: 's',
          color: '#000',
          points: [
            [0, 0],
            [5, 80],
            [500, 100],
          ],
        },
      ],
    });
    const path = /<path d="([^"]+)"[^>]*clip-path="url\(#plot-area\)"/.exec(svg)?.[1];
    const lastX = Number(path?.split(' L').at(-1)?.split(' ')[0]);
    expect(lastX).toBeGreaterThan(CHART_WIDTH); // drawn where the data is, and clipped
    expect(svg).toContain('<clipPath id="plot-area">');
  });
});
