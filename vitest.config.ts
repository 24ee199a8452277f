import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test`: everything but test/long/ (`npm run test:long`: vitest.long.config.ts), two files at a time — most
 * end-to-end tests wait on Prometheus or a child more than they compute, and the real-time runs of the whole stack
 * (demo in a browser, live drill, staleness), which a busy second worker could make late, are in test/long, run one
 * at a time. On a terminal the default reporter shows the files running and a live count; elsewhere (CI logs, a pipe)
 * each test is printed as it ends, so a long file never leaves minutes without output.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/long/**', 'test/exhaustive/**'],
    reporters: process.stdout.isTTY ? ['default'] : ['verbose'],
    // e2e tests spawn Prometheus and the CLI: give them room on a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
