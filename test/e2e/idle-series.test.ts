/**
 * Leaving out the per-user series that never move changes nothing Prometheus computes for the shipped rules: every
 * rule's value at every evaluation, read back from the real engine, is the same with them and without them.
 */
import { describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { DEFAULT_RULES_FILE, loadRuleFile, type AlertRule } from '../../src/verify/rules.js';
import { verifyScenario } from '../../src/verify/verify-scenario.js';
import { binaryForTest } from '../support/prometheus.js';

const promtool = binaryForTest(PROMTOOL);
const prometheus = binaryForTest(PROMETHEUS);

describe.runIf(promtool !== null && prometheus !== null)('idle user series left out of the backfill (real Prometheus)', () => {
  it('gives every shipped rule the same values at every evaluation as backfilling them', async () => {
    // The shipped rules, and their sums without a threshold (a rule's own value shows only while it fires).
    const { alerts: shipped, records } = loadRuleFile(DEFAULT_RULES_FILE);
    const probe = (name: string, expr: string): AlertRule => ({ ...shipped[0], name, expr });
    const rules = [
      ...shipped,
      probe('ClaudeDay', 'sum(increase(lunar_interpretation_generated_total{source="claude"}[24h]))'),
      probe('TemplateShare', 'sum(rate(lunar_interpretation_generated_total{source="db_template"}[10m])) / sum(rate(lunar_interpretation_generated_total{source!="db_temporal"}[10m]))'),
      probe('BySourceEarlier', 'sum by (source) ((rate(lunar_interpretation_generated_total[6h] offset 15m)))'),
      probe('NoHardcoded', 'absent(lunar_interpretation_generated_total{source="hardcoded"})'),
    ];
    // count() of the raw series can tell a left-out series from a present one: with it, none is left out.
    const counting: AlertRule = { ...rules[0], name: 'CountsSeries', expr: 'count(lunar_interpretation_generated_total) < 0' };
    // Its values are compared, not its expectations (which would need an Alertmanager).
    const scenario = { ...loadScenario('claude-outage-cold-cache'), expect: null };
    scenario.userIdLabel = { users: 120, skew: 1 };
    const bins = { promtool: promtool!, prometheus: prometheus! };
    const [pruned, full] = await Promise.all([verifyScenario(scenario, rules, bins, { records }), verifyScenario(scenario, [...rules, counting], bins, { records })]);
    expect(pruned.samples).toBeLessThan(full.samples * 0.8);
    const values = (r: typeof full): unknown[] => r.evaluations.filter((e) => e.rule.name !== 'CountsSeries').map((e) => [e.rule.name, e.series]);
    // Not vacuous: the sums move, by source too, and some alerts fire.
    const probed = (name: string): number[] => pruned.evaluations.find((e) => e.rule.name === name)!.series.flatMap((x) => [...x.points.values()]);
    expect(new Set(probed('ClaudeDay')).size).toBeGreaterThan(100);
    expect(new Set(probed('TemplateShare')).size).toBeGreaterThan(100);
    expect(pruned.evaluations.find((e) => e.rule.name === 'BySourceEarlier')!.series.length).toBeGreaterThanOrEqual(3);
    expect(pruned.episodes.length).toBeGreaterThan(2);
    expect(values(pruned)).toEqual(values(full));
  });
});
