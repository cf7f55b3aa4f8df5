import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // CLI tests start real processes and servers; two cores are all CI has.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
