/** 3. Engine throughput in process, on one core (bench/processes/engine-throughput-child.ts). */
import { runChild } from './processes/child.ts';
import type { Benchmark } from './context.ts';
import type { Phase, ThroughputResult } from './processes/engine-throughput-child.ts';
import type { Metric } from './results.ts';
import { summarize } from './stats.ts';

/** Stanzas per event-loop turn: about one 64 KB socket read of ~900-byte pushes. */
const CHUNK = 64;

export const throughputBenchmark: Benchmark = {
  name: 'throughput',
  title: 'Engine throughput in process: parse + trust + dedupe + inbox + policy',
  async run(context) {
    const count = context.quick ? 5_000 : 10_000;
    const rounds = context.quick ? 1 : 5;
    const result = await runChild<ThroughputResult>(
      './engine-throughput-child.ts',
      [String(count), String(CHUNK), String(rounds)],
      context.scope,
    );
    // "On one core": pushes per second of the process's own CPU time, not inflated by the
    // time other processes of a busy machine take (the wall-clock rate is shown beside it).
    const rate = (key: string, label: string, phases: Phase[], per: 'cpuMs' | 'wallMs'): Metric => {
      const s = summarize(phases.map((phase) => (phase.pushes * 1000) / phase[per]));
      return { key, label, unit: '/s', value: s.p50, n: phases.length };
    };
    const perPush = (phases: Phase[]) => summarize(phases.map((p) => (p.cpuMs * 1000) / p.pushes));
    const cpuPerPush = perPush(result.fromXml);
    const clientCpuPerPush = perPush(result.throughClient);
    return {
      metrics: [
        rate(
          'throughput.engine',
          'pushes/s on one core, wire XML → decision (rounds)',
          result.fromXml,
          'cpuMs',
        ),
        { key: 'throughput.engineCpu', label: '  CPU per push', unit: 'µs', value: cpuPerPush.p50 },
        rate('throughput.engineWall', '  pushes/s by the wall clock', result.fromXml, 'wallMs'),
        rate(
          'throughput.elements',
          'pushes/s on one core, parsed stanza → decision',
          result.fromElements,
          'cpuMs',
        ),
        rate(
          'throughput.client',
          'pushes/s on one core, through @xmpp/client, receipts sent',
          result.throughClient,
          'cpuMs',
        ),
        {
          key: 'throughput.clientCpu',
          label: '  CPU per push',
          unit: 'µs',
          value: clientCpuPerPush.p50,
        },
      ],
      notes: [
        `${rounds} rounds of ${count} new pushes each way after a warm-up, ${CHUNK} stanzas per event-loop turn, ${result.transactions} inbox transactions in all; the inbox keeps its default 10,000-item cap, so it is full and every batch also drops the oldest items.`,
        `Through @xmpp/client: the engine's own client with its stream parser, middleware and stream management, put online without a network (bench/support/offline-client.ts); its receipts and acks (${(result.clientBytesWritten / 2 ** 20).toFixed(1)} MB) are serialized and dropped.`,
      ],
    };
  },
};
