/**
 * 6. Gateway throughput: closed-loop HTTP load (N concurrent business-system requests, each
 * answered once Prosody acknowledged the push) through one gateway to one Prosody and an
 * online Herald client. The concurrency doubles until throughput stops growing; the CPU of
 * each process over the same interval shows which side is the limit. Run twice: Prosody as
 * configured by default (Nagle's algorithm on) and with `network_settings = { nagle = false }`.
 * Budgeted: with either, more concurrent requests never get fewer pushes through
 * (`gateway.*.scaling`, computed by `worstScaling`). The levels are swept up and back down and
 * each is judged on both its passes (`combinePasses`), since the host's speed drifts within
 * minutes here.
 */
import { join } from 'node:path';
import { startClient } from './processes/client-process.ts';
import type { BenchContext, Benchmark } from './context.ts';
import { GATEWAY_TOKEN, startGateway } from './processes/gateway.ts';
import { closedLoop, JsonPoster } from './support/http-load.ts';
import { CpuMeter } from './support/proc.ts';
import { benchDraft, pushRequestBody } from './support/pushes.ts';
import type { Metric } from './results.ts';
import { summarize } from './stats.ts';

interface Level {
  concurrency: number;
  rate: number;
  /** Each pass's own rate, in the order measured. */
  passRates: number[];
  p50: number;
  p99: number;
  errors: number;
  cpu: Record<string, number>;
}

/** One pass over one concurrency level. */
export interface LevelSample {
  concurrency: number;
  wallMs: number;
  /** Request → answer of every push the server acknowledged. */
  latencies: number[];
  errors: number;
  /** CPU % of one core per process over the pass. */
  cpu: Record<string, number>;
}

const VARIANTS = [
  { key: 'default', label: 'Prosody default', noDelay: false },
  { key: 'nodelay', label: 'Prosody nagle = false', noDelay: true },
] as const;

export const gatewayThroughputBenchmark: Benchmark = {
  name: 'gateway',
  title: 'Gateway throughput: sustained acknowledged pushes/s, one gateway, one Prosody',
  async run(context) {
    const metrics: Metric[] = [];
    const notes: string[] = [];
    const series: Record<string, number[]> = {};
    for (const variant of VARIANTS) {
      const levels = await measureLevels(context, variant.noDelay);
      const peak = levels.reduce((a, b) => (b.rate > a.rate ? b : a));
      const busiest = Object.entries(peak.cpu).sort((a, b) => b[1] - a[1]);
      for (const level of levels) {
        metrics.push({
          key: `gateway.${variant.key}.c${level.concurrency}`,
          label: `${variant.label}, ${level.concurrency} concurrent (p50 ${level.p50.toFixed(1)} ms, p99 ${level.p99.toFixed(1)} ms)`,
          unit: '/s',
          value: level.rate,
        });
      }
      metrics.push({
        key: `gateway.${variant.key}.scaling`,
        label: `${variant.label}: worst level against the best at fewer concurrent requests`,
        unit: '%',
        value: worstScaling(levels),
      });
      metrics.push({
        key: `gateway.${variant.key}.peak`,
        label: `${variant.label}: peak (${peak.concurrency} concurrent)`,
        unit: '/s',
        value: peak.rate,
      });
      for (const [name, percent] of busiest) {
        metrics.push({
          key: `gateway.${variant.key}.peakCpu.${name}`,
          label: `  CPU of ${name} at that peak (100 % = one core)`,
          unit: '%',
          value: percent,
        });
      }
      notes.push(
        ...levels.map(
          (l) =>
            `${variant.label}, ${l.concurrency} concurrent: ${Math.round(l.rate)}/s (passes ${l.passRates.map(Math.round).join(', ')}), ${l.errors} errors, CPU ${Object.entries(
              l.cpu,
            )
              .map(([n, p]) => `${n} ${p.toFixed(0)}%`)
              .join(', ')}.`,
        ),
        `${variant.label}: at the peak the busiest process is ${busiest[0]?.[0]} (${busiest[0]?.[1].toFixed(0)} % of one core); the four together use ${busiest.reduce((sum, [, p]) => sum + p, 0).toFixed(0)} % of the machine's 200 %.`,
      );
      series[`gateway_${variant.key}_concurrency`] = levels.map((l) => l.concurrency);
      series[`gateway_${variant.key}_rate`] = levels.map((l) => l.rate);
    }
    return { metrics, notes, series };
  },
};

/**
 * The lowest rate of a level as a percentage of the best rate at any lower concurrency:
 * 100 % or more when throughput never falls as concurrency grows. `levels` go by rising
 * concurrency.
 */
export function worstScaling(levels: readonly Pick<Level, 'rate'>[]): number {
  let best = 0;
  let worst = Number.POSITIVE_INFINITY;
  for (const { rate } of levels) {
    if (best > 0) worst = Math.min(worst, (rate / best) * 100);
    best = Math.max(best, rate);
  }
  return Number.isFinite(worst) ? worst : 100;
}

/** Acknowledged pushes per second over one pass, or over passes pooled. */
const passRate = (sample: Pick<LevelSample, 'latencies' | 'wallMs'>) =>
  (sample.latencies.length * 1000) / sample.wallMs;

/**
 * One level per concurrency, by rising concurrency, from every pass over it: pushes over the
 * passes' summed wall time, latency percentiles of all their requests, CPU weighted by time.
 * Measured once on the way up and once on the way down, a level's figure is taken at the same
 * mean moment as the others', so a drift of the host's speed during the sweep (11–17 % within
 * half a minute on this VM: docs/performance.md, eleventh round) does not read as a fall.
 */
export function combinePasses(samples: readonly LevelSample[]): Level[] {
  const byConcurrency = Map.groupBy(samples, (sample) => sample.concurrency);
  return [...byConcurrency.entries()]
    .sort(([a], [b]) => a - b)
    .map(([concurrency, passes]) => {
      const wallMs = passes.reduce((sum, pass) => sum + pass.wallMs, 0);
      const latencies = passes.flatMap((pass) => pass.latencies);
      const cpu: Record<string, number> = {};
      for (const pass of passes) {
        for (const [name, percent] of Object.entries(pass.cpu)) {
          cpu[name] = (cpu[name] ?? 0) + (percent * pass.wallMs) / wallMs;
        }
      }
      const { p50, p99 } = summarize(latencies);
      return {
        concurrency,
        rate: passRate({ latencies, wallMs }),
        passRates: passes.map(passRate),
        p50,
        p99,
        errors: passes.reduce((sum, pass) => sum + pass.errors, 0),
        cpu,
      };
    });
}

async function measureLevels(context: BenchContext, noDelay: boolean): Promise<Level[]> {
  const durationMs = context.quick ? 1_000 : 5_000;
  const concurrencies = context.quick ? [1, 8, 32] : [1, 2, 4, 8, 16, 32, 64, 128, 256];
  const bench = await context.server({ archive: false, noDelay });
  const { server } = bench;
  const user = await bench.account('gw-user');
  const system = await bench.account('gw-notify');
  const gateway = await startGateway({ ...server, account: system, ...context });
  const client = startClient(
    context.scope,
    { server, user, system },
    { dataDir: join(context.workDir, `client-${noDelay}`) },
  );
  await client.caughtUp();
  const poster = new JsonPoster(gateway.url, GATEWAY_TOKEN);
  context.scope.defer('HTTP agent', () => poster.close());
  const meter = new CpuMeter({
    gateway: gateway.pid,
    prosody: bench.pid,
    client: client.pid,
    bench: process.pid,
  });

  let sent = 0;
  const measure = async (concurrency: number): Promise<LevelSample> => {
    context.log(
      `gateway: ${concurrency} concurrent for ${durationMs / 1000} s${noDelay ? ' (Prosody nagle = false)' : ''}`,
    );
    const latencies: number[] = [];
    let errors = 0;
    meter.begin();
    const started = performance.now();
    await closedLoop(concurrency, durationMs, async () => {
      const body = pushRequestBody(user.jid, benchDraft(`gw${noDelay}`, sent++));
      const answer = await poster.post('/v1/push', body);
      if (answer.status === 200) latencies.push(answer.answeredAt - answer.sentAt);
      else errors++;
    });
    const wallMs = performance.now() - started;
    return { concurrency, wallMs, latencies, errors, cpu: meter.end() };
  };

  const rising: LevelSample[] = [];
  for (const concurrency of concurrencies) {
    rising.push(await measure(concurrency));
    // Saturated: the last three levels all within 5 % of the best so far.
    const rates = rising.map(passRate);
    const best = Math.max(...rates);
    const recent = rates.slice(-3);
    if (recent.length === 3 && recent.every((rate) => rate >= best * 0.95)) break;
  }
  // Back down, the top level once only: it is the sweep's midpoint in time.
  const falling: LevelSample[] = [];
  for (const { concurrency } of rising.slice(0, -1).reverse()) {
    falling.push(await measure(concurrency));
  }
  await gateway.stop();
  await client.stop();
  return combinePasses([...rising, ...falling]);
}
