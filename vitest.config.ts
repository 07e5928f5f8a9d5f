import { defineConfig } from 'vitest/config';

// Where the fault suite's workers append their table rows: one file per run, so two runs at
// once (a developer's and an editor's) never mix rows. Workers inherit the environment.
process.env.HERALD_FAULT_ROWS ??= `test-results/fault-rows-${process.pid}.jsonl`;

export default defineConfig({
  test: {
    // Two cores; integration files each start their own XMPP server, so keep files from fighting.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll's default of 1 s is shorter than a login (TLS, SCRAM) on a loaded 2-core
    // machine: a desktop-app check of the refused certificate failed on it in CI.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: [
            'core/**/*.test.ts',
            'cli/**/*.test.ts',
            'dev/**/*.test.ts',
            'main/**/*.test.ts',
            'renderer/**/*.test.ts',
            'shared/**/*.test.ts',
            'e2e/**/*.test.ts',
            'test/**/*.test.ts',
            // Unit tests of the bench's own code only; the benchmarks run with `npm run bench`.
            'bench/**/*.test.ts',
          ],
          exclude: ['test/faults/**'],
        },
      },
      {
        // `npm run test:faults`: break the network, the server and the client for real and count
        // what was lost or duplicated. Part of `npm test` too, so CI runs it.
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
