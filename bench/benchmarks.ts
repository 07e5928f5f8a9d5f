/** Every benchmark of issue 6, in the order they run. */
import type { Benchmark } from './context.ts';
import { bigInboxBenchmark } from './big-inbox.ts';
import { drainBenchmark } from './drain.ts';
import { gatewayThroughputBenchmark } from './gateway-throughput.ts';
import { idleBenchmark } from './lab/idle.ts';
import { latencyBenchmark } from './latency.ts';
import { rendererBenchmark } from './renderer.ts';
import { throughputBenchmark } from './throughput.ts';

export const BENCHMARKS: readonly Benchmark[] = [
  latencyBenchmark,
  drainBenchmark,
  throughputBenchmark,
  bigInboxBenchmark,
  rendererBenchmark,
  gatewayThroughputBenchmark,
  idleBenchmark,
];
