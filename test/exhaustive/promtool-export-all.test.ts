/**
 * Exhaustive (test/exhaustive: `npm run test:exhaustive`, before a release): `export promtool --all`, and `promtool
 * test rules` on every file — Prometheus' own rule manager agrees with verify's timeline for every shipped scenario.
 * Each file is about a minute of promtool on 2 cores, too long for CI's 20 minutes; `npm test` runs a slice.
 */
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
const out = mkdtempSync(path.join(tmpdir(), 'lunar-sim-export-all-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.runIf(available)('lunar-sim export promtool --all', () => {
  it("writes a test file per shipped scenario that Prometheus' own rule manager passes", async () => {
    const r = runCli(['export', 'promtool', '--all', '--out', out], { timeout: 900_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.test.yml')).sort();
    expect(files).toContain('baseline.test.yml');
    // Each file checks firings, not only silences: at least one scenario expects a firing alert at some time.
    const firing = files.filter((f) => /exp_labels:\n\s+severity: (warning|critical)/.test(readFileSync(path.join(out, f), 'utf8')));
    expect(firing.length).toBeGreaterThanOrEqual(15);
    // Two promtool processes at a time: they are CPU-bound, and the machine has two cores.
    const results: { file: string; ok: boolean; output: string }[] = [];
    for (let i = 0; i < files.length; i += 2) {
      const batch = files.slice(i, i + 2);
      results.push(...(await Promise.all(batch.map(async (file) => ({ file, ...(await testRules(promtool!, [file], out)) })))));
    }
    expect(results.filter((x) => !x.ok)).toEqual([]);
  }, 1_500_000);
});
