import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { faultRowsFile, type FaultRow } from './faults/support/fault-report.ts';

/**
 * Ends the run with the fault suite's table (when it ran) and the plain
 * `N passed, N failed, N skipped` line CI reads.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load (syntax error, failing hook) has no tests but must not pass.
      if (testModule.state() === 'failed' && !testModule.children.size) counts.failed++;
    }
    const rowsFile = faultRowsFile();
    if (existsSync(rowsFile)) {
      process.stdout.write(`\n${faultTable(readFileSync(rowsFile, 'utf8'))}\n`);
      rmSync(rowsFile);
    }
    process.stdout.write(
      `\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}

function faultTable(jsonLines: string): string {
  const rows = jsonLines
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FaultRow)
    .sort((a, b) => a.scenario.localeCompare(b.scenario) || a.server.localeCompare(b.server));
  const seconds = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));
  const header = [
    'scenario',
    'server',
    'sent',
    'received',
    'lost',
    'dup pushes',
    'dup notifs',
    'recovery s',
    'budget s',
  ];
  const body = rows.map((r) =>
    [
      r.scenario,
      r.server,
      r.sent,
      r.received,
      r.lost,
      r.duplicatePushes,
      r.duplicateNotifications,
      seconds(r.recoveryMs),
      seconds(r.recoveryBudgetMs),
    ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return ['Fault injection', format(header), ...body.map(format)].join('\n');
}
