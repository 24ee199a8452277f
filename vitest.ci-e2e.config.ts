import { configDefaults, defineConfig } from 'vitest/config';
import base, { CI_E2E_FILES } from './vitest.config.ts';

/**
 * The end-to-end files `npm test` leaves to CI (CI_E2E_FILES), two at a time as in `npm test`: the first part of
 * `npm run test:long` (tools/test-long.sh), before its real-time half.
 */
export default defineConfig({ ...base, test: { ...base.test, include: CI_E2E_FILES, exclude: configDefaults.exclude } });
