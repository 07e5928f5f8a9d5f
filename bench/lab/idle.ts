/**
 * 7. Idle cost: the engine connected (TLS, stream management, carbons, caught up) and
 * nothing happening. CPU time and wake-ups over the window, and what woke it: timers set,
 * XMPP elements sent (keepalive pings, stream-management acks) and received.
 */
import { join } from 'node:path';
import { startClient } from '../processes/client-process.ts';
import { sleep } from '../support/clock.ts';
import type { Benchmark } from '../context.ts';
import { contextSwitches } from '../support/proc.ts';

export const idleBenchmark: Benchmark = {
  name: 'idle',
  title: 'Idle cost: the engine connected and idle',
  async run(context) {
    const windowMs = context.quick ? 5_000 : 60_000;
    const bench = await context.server();
    const user = await bench.account('idle-user');
    const system = await bench.account('idle-notify');
    const client = startClient(
      context.scope,
      { server: bench.server, user, system },
      { dataDir: join(context.workDir, 'client'), measure: { traffic: true, timers: true } },
    );
    await client.caughtUp();
    await sleep(2_000); // let login's last writes and timers settle

    context.log(`idle: watching the connected engine for ${windowMs / 1000} s`);
    const cpuBefore = (await client.stats({ resetTrace: true })).cpuMs;
    const switchesBefore = contextSwitches(client.pid);
    const started = performance.now();
    await sleep(windowMs);
    const switchesAfter = contextSwitches(client.pid);
    const elapsedMin = (performance.now() - started) / 60_000;
    const stats = await client.stats();
    const cpuAfter = stats.cpuMs;
    await client.stop();

    // The two stats requests (IPC) bracket the window; their own cost is in the figures.
    const perMinute = (value: number) => value / elapsedMin;
    const sent =
      Object.entries(stats.sentNames)
        .map(([name, n]) => `${n} <${name}>`)
        .join(', ') || 'nothing';
    return {
      metrics: [
        {
          key: 'idle.cpu',
          label: 'CPU time per minute idle',
          unit: 'ms',
          value: perMinute(cpuAfter - cpuBefore),
        },
        {
          key: 'idle.cpuShare',
          label: '  as a share of one core',
          unit: '%',
          value: (100 * (cpuAfter - cpuBefore)) / (elapsedMin * 60_000),
        },
        {
          key: 'idle.wakeups',
          label: 'wake-ups per minute (voluntary context switches, all threads)',
          unit: '',
          value: perMinute(switchesAfter.voluntary - switchesBefore.voluntary),
        },
        {
          key: 'idle.timers',
          label: 'timers set per minute',
          unit: '',
          value: perMinute(stats.timersCreated),
        },
        {
          key: 'idle.sent',
          label: 'XMPP elements sent per minute',
          unit: '',
          value: perMinute(stats.elementsSent),
        },
        {
          key: 'idle.received',
          label: 'XMPP elements received per minute',
          unit: '',
          value: perMinute(stats.elementsReceived),
        },
      ],
      notes: [
        `Over ${(elapsedMin * 60).toFixed(0)} s: sent ${sent}; ${stats.elementsReceived} elements received; ${switchesAfter.involuntary - switchesBefore.involuntary} involuntary switches; CPU from process.cpuUsage() in the client.`,
      ],
    };
  },
};
