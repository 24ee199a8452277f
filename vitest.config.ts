import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test`: everything but test/long/ and CI_E2E_FILES (`npm run test:long`: tools/test-long.sh), two files at a time — most
 * end-to-end tests wait on Prometheus or a child more than they compute, and the real-time runs of the whole stack
 * (demo in a browser, live drill, staleness), which a busy second worker could make late, are in test/long, run one
 * at a time. On a terminal the default reporter shows the files running and a live count; elsewhere (CI logs, a pipe)
 * each test is printed as it ends, so a long file never leaves minutes without output.
 */
/**
 * End-to-end files that `npm test` leaves to CI (`npm run test:long` runs them first, two at a time:
 * tools/test-long.sh), so that a newcomer's `npm test` stays near 5 minutes: each takes 30 s or more of a worker, and
 * `npm test` keeps a file of each kind (verify, dashboard, push, backtest against VictoriaMetrics, the CLI's bad input).
 */
export const CI_E2E_FILES = [
  'test/e2e/remote-write.test.ts',
  'test/e2e/cli.test.ts',
  'test/e2e/load.test.ts',
  'test/e2e/drill.test.ts',
  'test/e2e/mutate.test.ts',
  'test/e2e/rule-defects.test.ts',
  'test/e2e/calibrate.test.ts',
  'test/e2e/shared-aggregates.test.ts',
  'test/e2e/fleet.test.ts',
  'test/e2e/backtest.test.ts',
  'test/e2e/load-thresholds.test.ts',
  'test/e2e/process-hygiene.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/long/**', 'test/exhaustive/**', ...CI_E2E_FILES],
    reporters: process.stdout.isTTY ? ['default'] : ['verbose'],
    // e2e tests spawn Prometheus and the CLI: give them room on a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
