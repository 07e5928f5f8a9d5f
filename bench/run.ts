/**
 * `npm run bench`: runs the benchmarks of issue 6 on this machine against a real local
 * Prosody, prints a table, writes JSON, a Markdown table and charts to .bench/, and with
 * --check exits 1 when a budget is missed. Flags: bench/options.ts (`--help`); method and
 * published figures: docs/performance.md.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BENCHMARKS } from './benchmarks.ts';
import { checkBudgets } from './budgets.ts';
import { describeMachine, hostSpeed } from './support/machine.ts';
import { HELP, parseOptions } from './options.ts';
import { report, writeResults } from './report.ts';
import type { RunResults } from './results.ts';
import { log, runBenchmarks } from './runner.ts';

const options = parseOptions(process.argv.slice(2));
if (options.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const unknown = options.only?.filter((name) => !BENCHMARKS.some((b) => b.name === name)) ?? [];
if (unknown.length) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}\n${HELP}\n`);
  process.exit(2);
}
const outFile = resolve(options.out);
await mkdir(dirname(outFile), { recursive: true });
const publishDir = options.publish ? resolve('docs') : null;

if (options.redraw) {
  const run = JSON.parse(await readFile(outFile, 'utf8')) as RunResults;
  process.exit(await report(run, outFile, { check: options.check, publishDir }));
}

if (options.cpuProf) {
  // Every Node child (clients, the gateway, engine children) writes a profile when it exits.
  const profDir = join(dirname(outFile), 'prof');
  await mkdir(profDir, { recursive: true });
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profDir}`;
}
const machine = describeMachine();
const speedAtStart = hostSpeed();
log(
  `${machine.cpu}; Node ${machine.node}; Prosody ${machine.prosody}; reference loop ${speedAtStart.referenceLoop}, cold code ${speedAtStart.coldCode}${options.quick ? '; quick run' : ''}`,
);
const startedAt = new Date().toISOString();
const selected = BENCHMARKS.filter((b) => !options.only || options.only.includes(b.name));
const benchmarks = await runBenchmarks(selected, options.quick);
const speedAtEnd = hostSpeed();
log(
  `host speed, start → end: reference loop ${speedAtStart.referenceLoop} → ${speedAtEnd.referenceLoop}, cold code ${speedAtStart.coldCode} → ${speedAtEnd.coldCode}`,
);
const run: RunResults = {
  startedAt,
  quick: options.quick,
  machine: {
    ...machine,
    referenceLoopAtStart: speedAtStart.referenceLoop,
    coldCodeAtStart: speedAtStart.coldCode,
    referenceLoopAtEnd: speedAtEnd.referenceLoop,
    coldCodeAtEnd: speedAtEnd.coldCode,
    loadAverageAtEnd: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  },
  benchmarks,
  budgets: checkBudgets(benchmarks),
};
await writeResults(run, outFile);
process.exit(await report(run, outFile, { check: options.check, publishDir }));
