import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

// The example of docs/scenarios.md is what a user copies first: it must validate, and do what it says.
const doc = readFileSync('docs/scenarios.md', 'utf8');
const example = /## A complete example\n\n```yaml\n([\s\S]*?)```/.exec(doc)![1];
const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-docs-'));
const file = path.join(dir, 'example.yaml');
writeFileSync(file, example);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the docs' scenario example", () => {
  it('validates', () => {
    const r = runCli(['validate', file]);
    expect(r.stdout).toContain(`${file}: ok (slow-afternoon, 2 phases)`);
    expect(r.code).toBe(0);
  });

  it('fires the alert it says it fires, and nothing else', (ctx) => {
    if (!binaryForTest(PROMTOOL) || !binaryForTest(PROMETHEUS)) return ctx.skip();
    const r = runCli(['verify', file]);
    expect(r.stdout).toMatch(/slow-afternoon\s+\[latency\]\s+warn 1h–1h45m, resolve 2h–2h45m\s+sent ×1, resolved/);
    expect(r.stdout).toMatch(/slow-afternoon\s+\(\d+ other alerts\)\s+silent\s+silent/);
    expect(r.code).toBe(0);
  });
});
