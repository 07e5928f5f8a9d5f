import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'cli/**/*.test.ts',
      'dev/**/*.test.ts',
      'main/**/*.test.ts',
      'renderer/**/*.test.ts',
      'e2e/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // Integration tests each start their own Prosody; two cores, so keep files from fighting.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
