#!/usr/bin/env node
// One node process whatever runs: the build in dist/cli/ when it is up to date with the sources (npm ci builds it),
// else the TypeScript sources through tsx's loader registered here, in-process (no wrapper process to orphan).
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtEntry } from './built-cli.js';

// Node ≥ 22.1 keeps the compiled code of the modules a command loads between runs (a no-op on Node 20).
module.enableCompileCache?.();
const root = fileURLToPath(new URL('..', import.meta.url));
const entry = builtEntry(root);
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
