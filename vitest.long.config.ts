import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:long`: only test/long/ — the library under 20 seeds, every mutant, every promtool export, drill against
 * verify, a month of push, and the real-time runs of the whole stack — one file at a time, so that no second worker
 * makes a real-time run late.
 */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/long/**/*.test.ts'], exclude: configDefaults.exclude, maxWorkers: 1 } });
