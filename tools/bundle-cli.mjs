#!/usr/bin/env node
/**
 * Builds dist/cli/: the CLI as plain JavaScript, so that a command starts without tsx compiling TypeScript first
 * (tsx's loader alone costs about twice `node -e 0`). `npm ci` runs it (the prepare script); bin/lunar-sim.js uses
 * the build only while it is at least as new as every source (bin/built-cli.js), the sources through tsx otherwise.
 *
 * esbuild bundles the code every command loads at start — lunar-sim's own modules and yargs, yaml and zod: one
 * file instead of hundreds halves their load time — and splits each command's own modules into chunks loaded when
 * it runs. Every other package stays external, loaded from node_modules as it is (fastify, prom-client, autocannon
 * and faker read files of their own at run time). All files land in dist/cli/, two levels below the root like
 * src/cli/, so `new URL('../../scenarios/', import.meta.url)` finds the same folders from both. Last, it records the
 * shipped scenarios' summaries for `list` (src/scenario/summary-index.ts).
 */
import { builtinModules } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = `${ROOT}dist/cli`;
const STAMP = `${OUT_DIR}/built-from-sources`;
const BUNDLED = new Set(['yargs', 'yaml', 'zod']);
const BUILTIN = new Set(builtinModules);

/** The package a bare import names: `zod/v4` → `zod`, `@scope/pkg/x` → `@scope/pkg`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const onlyStartUpPackages = {
  name: 'only-start-up-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUILTIN.has(args.path)) return { external: true };
      if (args.importer.includes('/node_modules/')) return undefined; // inside a bundled package: bundle its imports
      return BUNDLED.has(packageOf(args.path)) ? undefined : { external: true };
    });
  },
};

// zod re-exports its 60-odd translations as `z.locales`; lunar-sim words its own messages and zod only ever sets
// English, so the bundle keeps English alone: a third less JavaScript to compile at every start.
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: `${ROOT}tools/zod-locales-en.mjs` } : undefined);
  },
};

rmSync(OUT_DIR, { recursive: true, force: true });
await build({
  // summary-index: an entry of its own, so that this script can run it (below) from where list will read its output.
  // load-worker: the module each `load --workers` thread runs, found next to the chunk that starts it.
  entryPoints: {
    main: `${ROOT}src/cli/main.ts`,
    'summary-index': `${ROOT}src/scenario/summary-index.ts`,
    'load-worker': `${ROOT}src/load/load-worker.ts`,
  },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  // Bundled CommonJS (yaml) calls require(): give ES modules one.
  banner: { js: "import { createRequire as __lunarSimRequire } from 'node:module'; const require = __lunarSimRequire(import.meta.url);" },
  plugins: [onlyStartUpPackages, englishOnlyZodLocales],
  logLevel: 'warning',
});
const { writeSummaryIndex } = await import(pathToFileURL(`${OUT_DIR}/summary-index.js`).href);
await writeSummaryIndex();
writeFileSync(STAMP, 'dist/cli/ was built from src/ by tools/bundle-cli.mjs; bin/lunar-sim.js uses it while it is newer than every source\n');
