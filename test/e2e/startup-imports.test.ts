/**
 * What the short commands load (issue 21, start-up ≤ 2.5× `node -e 0`): every module the process resolves is listed
 * by a resolve hook, and the packages a command does not need must not be among them. A check on what is imported,
 * not on time, so it holds on a loaded machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hooks = path.join(dir, 'hooks.mjs');
writeFileSync(hooks, "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`RESOLVED ${r.url}\\n`); return r; }\n");
const register = path.join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

function loaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', register, BIN, ...args], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice('RESOLVED '.length));
}

describe('start-up imports', () => {
  it('validate does not load the PromQL parser, fastify, prom-client or undici', () => {
    const urls = loaded(['validate', 'scenarios/baseline.yaml']).join('\n');
    for (const pkg of ['@prometheus-io/lezer-promql', '@lezer/lr', 'fastify', 'prom-client', 'undici']) expect(urls).not.toContain(`/node_modules/${pkg}/`);
  });

  it('--help and list load no scenario parser (yaml, zod) and no server or client package', () => {
    for (const args of [['--help'], ['list']]) {
      const urls = loaded(args).join('\n');
      for (const pkg of ['@prometheus-io/lezer-promql', 'fastify', 'prom-client', 'undici', 'zod/', 'yaml/']) expect(urls).not.toContain(`/node_modules/${pkg}`);
      expect(urls).not.toMatch(/src\/scenario\/(schema|parse)\.ts/);
    }
  });
});
