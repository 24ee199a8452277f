import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { testRules } from '../../src/prometheus/promtool.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const promtool = binaryForTest(PROMTOOL);
const available = promtool !== null && binaryForTest(PROMETHEUS) !== null;
const out = mkdtempSync(path.join(tmpdir(), 'lunar-sim-export-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.runIf(available)('lunar-sim export promtool', () => {
  it("writes test files that Prometheus' own rule manager passes (a slice: npm run test:exhaustive runs every scenario)", async () => {
    const r = runCli(['export', 'promtool', 'claude-outage', 'api-down', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.test.yml')).sort();
    expect(files).toEqual(['api-down.test.yml', 'claude-outage.test.yml']);
    const text = readFileSync(path.join(out, 'claude-outage.test.yml'), 'utf8');
    expect(text).toMatch(/exp_labels:\n\s+severity: (warning|critical)/);
    // The recording rules' group before the alerts', as verify evaluates them: without an order promtool picks one
    // per run, and an alert reading a record saw the previous minute's value in some runs (a flaky CI failure).
    expect(text).toMatch(/\ngroup_eval_order:\n {2}- lunar-sli\n {2}- lunar-generation\n/);
    const results = await Promise.all(files.map(async (file) => ({ file, ...(await testRules(promtool!, [file], out)) })));
    expect(results.filter((x) => !x.ok)).toEqual([]);
  });

  it('produces files that fail when the timeline is wrong (a firing alert expected silent)', async () => {
    const file = path.join(out, 'claude-outage.test.yml');
    const text = readFileSync(file, 'utf8');
    const tampered = text.replace(/exp_alerts:\n(\s+)- exp_labels:\n\s+severity: warning\n/, 'exp_alerts: []\n');
    expect(tampered).not.toBe(text);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(out, 'tampered.test.yml'), tampered);
    const r = await testRules(promtool!, ['tampered.test.yml'], out);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/FAILED/);
  });
});
