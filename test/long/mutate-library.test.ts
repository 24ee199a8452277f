/**
 * Long (test/long: `npm run test:long`, and CI): the whole library against every mutant of the shipped rules. The
 * run judges the original rules first on every scenario, under its own seed, as verify does: it is also CI's check
 * that the whole library holds under its own seeds (test/long/verify-library.test.ts runs it under seed 1).
 * `npm test` mutation-tests one alert with the scenario built to pin it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-mutate-library-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface MutantJson {
  operator: string;
}

interface ScenarioJson {
  scenario: string;
  usable: boolean;
  note: string;
}

describe.runIf(available)('lunar-sim mutate over the whole library (real Prometheus)', () => {
  it('kills or accepts every mutant of the shipped rules with the shipped library', () => {
    const json = path.join(work, 'library.json');
    const r = runCli(['mutate', '--json', json], { timeout: 2_400_000 });
    expect(r.stdout).toMatch(/mutate: every mutant is killed or equivalent under the policy/);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { mutants: MutantJson[]; scenarios: ScenarioJson[] };
    // Every scenario of the library holds on the original rules (only those without expectations judge nothing).
    expect(result.scenarios.length).toBeGreaterThanOrEqual(80);
    expect(result.scenarios.filter((s) => !s.usable && s.note !== 'no expect: block').map((s) => `${s.scenario}: ${s.note}`)).toEqual([]);
    expect(result.mutants.length).toBeGreaterThanOrEqual(100);
    // Every operator the mutation testing promises is exercised on the shipped rules.
    const operators = new Set(result.mutants.map((m) => m.operator));
    expect([...operators].sort()).toEqual([
      'aggregation', 'alert-label', 'am-group-by', 'am-inhibit', 'am-matcher', 'am-receiver', 'drop-clause', 'flip', 'for', 'grouping', 'keep_firing_for',
      'matcher', 'offset', 'threshold', 'window',
    ]);
  }, 2_500_000);
});
