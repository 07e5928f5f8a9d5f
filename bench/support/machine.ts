/** What the figures were measured on; printed with the table and kept in the JSON. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { pushRequestSchema, readPushRequest } from '../../cli/gateway/push-request.ts';
import { summarize } from '../stats.ts';
import { benchDraft, pushRequestBody } from './pushes.ts';

function tryRun(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      timeout: 5_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Record<string, string> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu: `${model}, ${os.availableParallelism()} cores`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    // `prosody --version` starts a console on some builds; ask the package manager.
    prosody: tryRun('dpkg-query', ['-W', '-f=${Version}', 'prosody']),
    chromium: tryRun('/usr/bin/chromium', ['--version']),
    loadAverageAtStart: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
  };
}

/** The host's speed at this moment, as a run prints and keeps it at its start and end. */
export function hostSpeed(): { referenceLoop: string; coldCode: string } {
  return {
    referenceLoop: `${referenceLoopMs().toFixed(0)} ms`,
    coldCode: `${coldCodeFactor().toFixed(1)}×`,
  };
}

/**
 * A fixed loop of floating-point multiply-adds, timed: the host's speed at that moment. On a
 * shared VM it moves within the hour (docs/performance.md#run-to-run-variation), so a run
 * records it at its start and its end, and two runs' figures compare only at like speeds.
 */
export function referenceLoopMs(iterations = 100_000_000): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < iterations; i++) x = x * 1.0000001 + i;
  // Keeps the loop from being optimised away; never true for a finite x.
  if (Number.isNaN(x)) throw new Error('reference loop');
  return performance.now() - started;
}

/**
 * How many times slower Herald's code runs when it last ran 10 ms ago than back to back:
 * the gateway's reading of one push body (zod, a hash), timed both ways, medians. The 10 ms
 * are spent spinning, not sleeping, so what slows it is not this process idling; most likely
 * the host's other tenants evict the shared caches meanwhile. One push at a time runs cold.
 */
export function coldCodeFactor(): number {
  const schema = pushRequestSchema(100);
  const bodies = Array.from({ length: 400 }, (_, i) =>
    pushRequestBody('alice@example.com', benchDraft('cold', i)),
  );
  const timed = (body: Record<string, unknown>) => {
    const started = performance.now();
    readPushRequest(schema, body);
    return performance.now() - started;
  };
  const warm = bodies.map(timed).slice(200);
  const cold = bodies.slice(0, 20).map((body) => {
    const until = performance.now() + 10;
    while (performance.now() < until);
    return timed(body);
  });
  return summarize(cold).p50 / summarize(warm).p50;
}
