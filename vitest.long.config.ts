import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:long`: only test/long/ — the library under 20 seeds, every mutant, every promtool export, drill against verify. */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/long/**/*.test.ts'], exclude: configDefaults.exclude } });
