/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

export const HELP = `Usage: npm run bench -- [--quick] [--check] [--only NAME[,NAME…]] [--out FILE] [--publish]

  --quick        small samples (seconds instead of minutes): keeps the command working in CI
  --check        exit 1 when a budget is missed (figures are never checked otherwise)
  --only NAMES   run only these benchmarks: latency, drain, throughput, inbox, renderer,
                 gateway, idle (repeatable or comma-separated)
  --out FILE     where the JSON results go (default .bench/results.json; charts and a
                 Markdown table are written next to it)
  --publish      also write the charts and the points they are drawn from to docs/
                 (docs/performance-charts.json; npm run bench:charts redraws from it)
  --redraw       run nothing: print the table and redraw the charts from the --out file
  --cpu-prof     run every Node child (clients, gateway) under --cpu-prof (profiles in .bench/prof)`;

export interface BenchOptions {
  quick: boolean;
  check: boolean;
  only: string[] | null;
  out: string;
  publish: boolean;
  cpuProf: boolean;
  redraw: boolean;
  help: boolean;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      out: { type: 'string', default: '.bench/results.json' },
      publish: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      redraw: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const only = values.only?.flatMap((names) => names.split(',')).map((name) => name.trim());
  return {
    quick: values.quick,
    check: values.check,
    only: only?.length ? only : null,
    out: values.out,
    publish: values.publish,
    cpuProf: values['cpu-prof'],
    redraw: values.redraw,
    help: values.help,
  };
}
