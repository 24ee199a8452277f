/**
 * The rule defects found by the alert review (issue 8), each with the scenario that showed it: on the v1 rules the
 * scenario fails, on the shipped rules it passes. (The inhibition defect is tested in inhibition.test.ts.)
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;
const V1_RULES = fileURLToPath(new URL('../fixtures/prometheus_alerts.v1.yml', import.meta.url));

describe.runIf(available)('the rule defects, before and after (real Prometheus)', () => {
  it('v1 stayed silent through a four-hour Claude outage at night, paged for a two-minute slowdown, and let a weak stuck scenario fire late', () => {
    const r = runCli(['verify', 'claude-outage-night', 'claude-slow-blip', '--rules', V1_RULES]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/claude-outage-night\s+LunarGenerationFallbackCritical\s+.*FAIL: expected to fire, but it never fired/);
    expect(r.stdout).toMatch(/claude-slow-blip\s+LunarGenerationLatency(High|Critical)\s+silent\s+fired.*FAIL: expected to stay silent, but it fired/);
  });

  it('the shipped rules and library pass them, and the stuck scenario under the seed that failed', () => {
    const r = runCli(['verify', 'claude-outage-night', 'claude-slow-blip']);
    expect(r.stdout).toMatch(/all expectations hold/);
    expect(r.code).toBe(0);
    const stuck = runCli(['verify', 'generation-stuck', '--seed', '99']);
    expect(stuck.stdout).toMatch(/all expectations hold/);
    expect(stuck.code).toBe(0);
  });
});
