import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The CPU-bound half of `npm run test:long` (tools/test-long.sh): the library under seed 1, every mutant, README's
 * month of push, backtest --mutants — long, but with no clock of their own to keep. tools/test-long.sh runs them
 * under `nice -n 19` beside the real-time half (vitest.long.config.ts), which then gets the CPU whenever it wants it:
 * the two halves overlap instead of adding up.
 */
export const BATCH_FILES = [
  'test/long/verify-library.test.ts',
  'test/long/mutate-library.test.ts',
  'test/long/readme-push-month.test.ts',
  'test/long/backtest-mutants.test.ts',
];

export default defineConfig({ ...base, test: { ...base.test, include: BATCH_FILES, exclude: configDefaults.exclude, maxWorkers: 1 } });
