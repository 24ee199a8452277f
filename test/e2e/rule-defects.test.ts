/**
 * What the alerting policy caught (issue 17), each with the scenario that shows it: on the rules as they shipped
 * before the policy (test/fixtures/prometheus_alerts.v2.yml, their alert_groups renamed to the policy's classes) the
 * scenario fails, on the shipped rules it passes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMTOOL, PROMETHEUS, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const V2_RULES = fileURLToPath(new URL('../fixtures/prometheus_alerts.v2.yml', import.meta.url));

/** Each defect: the scenario, and the verdict the rules before the policy got there. */
const DEFECTS: [string, RegExp][] = [
  // Every ratio needed 20 generations per 10 minutes: a third of Claude calls failing for two hours, by day at 12/min
  // or at night, warned nobody.
  ['claude-partial-outage', /\[claude\].*FAIL: expected a warning of claude within 1h of incident \(1h\), none was sent/],
  ['claude-partial-outage-night', /\[claude\].*FAIL: expected a warning of claude within 3h of incident \(1h\), none was sent/],
  // The 50 % share of every generation cannot be reached with 70 % cached: a total outage at the peak paged through
  // the 30-minute no-success branch only.
  ['claude-outage', /\[claude\].*FAIL: a page of claude was first sent at 1h3\dm, 3\dm after incident \(1h\): the deadline is 15m/],
  // An absolute 10 in flight pages a healthy API at 1,000/s.
  ['healthy-production', /LunarGenerationStuck\s+silent\s+fired.*FAIL: expected to stay silent, but it fired/],
  // Cost counted Claude generations × $0.002: answers 57 % longer at the same traffic cost nobody a thought.
  ['claude-longer-answers', /\[cost\].*FAIL: expected a warning of cost within 3h of incident \(1h\), none was sent/],
  // 93 % of requests lost at the peak for two hours: nothing watched the traffic but its total absence.
  ['traffic-drop', /\[traffic\].*FAIL: expected a page of traffic within 45m of incident \(1h\), none was sent/],
  // Claude slowing down to 10 tokens/s over an hour: the P95 of 5-minute windows never held over 45 s for 10 minutes.
  ['claude-slow-ramp', /\[latency\].*FAIL: expected a page of latency within 1h15m of incident \(1h\), none was sent/],
];

describe.runIf(available)('the defects the alerting policy caught, before and after (real Prometheus and Alertmanager)', () => {
  it('the rules before the policy fail each scenario for its reason', () => {
    const r = runCli(['verify', ...DEFECTS.map(([s]) => s), '--rules', V2_RULES], { timeout: 900_000 });
    expect(r.code).toBe(1);
    for (const [scenario, verdict] of DEFECTS) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`${scenario} `) && verdict.test(l));
      expect(line, `${scenario} should fail with ${verdict}\n${r.stdout}`).toBeDefined();
    }
  });

  it('the shipped rules pass them all', () => {
    const r = runCli(['verify', ...DEFECTS.map(([s]) => s)], { timeout: 900_000 });
    expect(r.stdout).toMatch(/all expectations hold/);
    expect(r.code).toBe(0);
  });
});
