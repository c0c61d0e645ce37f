import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores - 1): the suite would run file after file,
    // though most of its time is spent waiting on PostgreSQL, Redis, child processes and fakes.
    maxWorkers: 3,
    reporters: ['default', './test/support/count-reporter.ts'],
  },
});
