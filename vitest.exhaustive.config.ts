import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:exhaustive`: only test/exhaustive/ — checks over the whole library that take longer than CI's
 * 20 minutes allow (every scenario's promtool export through `promtool test rules`), run before a release. One
 * file at a time.
 */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/exhaustive/**/*.test.ts'], exclude: configDefaults.exclude, maxWorkers: 1 } });
