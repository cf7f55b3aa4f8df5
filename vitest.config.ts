import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // End-to-end tests compare snapshots of live clusters whose control planes keep moving, on a
    // shared 2-core machine: a disagreement is retried before it counts as a failure.
    retry: 2,
    hookTimeout: 60_000,
    pool: 'forks',
    // CLI tests start real processes and servers; two cores are all CI has.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
