/** What the figures were measured on; printed with the table and kept in the JSON. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

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
    referenceLoopAtStart: `${referenceLoopMs().toFixed(0)} ms`,
    loadAverageAtStart: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
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
