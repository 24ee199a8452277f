import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // e2e tests spawn Prometheus and the CLI: give them room on a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
