import { configDefaults, defineConfig } from 'vitest/config';
import { BATCH_FILES } from './vitest.long-batch.config.ts';
import base from './vitest.config.ts';

/**
 * The real-time half of `npm run test:long` (tools/test-long.sh; the CPU-bound half is vitest.long-batch.config.ts):
 * drill against verify, the demo, its overrides and the page's features in a browser, a fleet's demo, a live drill,
 * staleness — one file at a time, so that no second worker makes a real-time run late.
 */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/long/**/*.test.ts'], exclude: [...configDefaults.exclude, ...BATCH_FILES], maxWorkers: 1 } });
