/** A run's results: the JSON and Markdown files, the charts, and the summary on stdout. */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeCharts } from './charts/charts.ts';
import type { RunResults } from './results.ts';
import { log } from './runner.ts';
import { markdownTable, textTable } from './table.ts';

export async function writeResults(run: RunResults, outFile: string): Promise<void> {
  await writeFile(outFile, `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(
    join(dirname(outFile), 'results.md'),
    `${markdownTable(run.benchmarks, run.budgets)}\n`,
  );
}

/** Prints the table and notes; returns the process exit code. */
export async function report(
  run: RunResults,
  outFile: string,
  options: { check: boolean; publishDir: string | null },
): Promise<number> {
  const charts = await writeCharts(run, dirname(outFile), options.publishDir).catch(
    (error: unknown) => {
      log(`charts not drawn: ${(error as Error).message}`);
      return [];
    },
  );
  const out = (text: string) => process.stdout.write(text);
  out(`\n${textTable(run.benchmarks, run.budgets)}\n\n`);
  for (const result of run.benchmarks)
    for (const note of result.notes) out(`${result.name}: ${note}\n`);
  const missed = run.budgets.filter((budget) => !budget.ok);
  const failed = run.benchmarks.filter((result) => result.error);
  out(
    `\n${run.budgets.length - missed.length} of ${run.budgets.length} budgets hold` +
      (missed.length ? ` (missed: ${missed.map((b) => `${b.key} ${b.text}`).join('; ')})` : '') +
      (failed.length ? `; ${failed.length} benchmark(s) failed` : '') +
      `.\nResults: ${outFile}${charts.length ? `; charts: ${charts.join(', ')}` : ''}\n`,
  );
  if (run.quick) out('Quick run: small samples, the figures are indicative only.\n');
  return (options.check && missed.length) || failed.length ? 1 : 0;
}
