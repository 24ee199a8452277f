import { describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { DEFAULT_RULES_FILE, loadRuleFile, type AlertRule } from '../../src/verify/rules.js';
import { verifyScenario } from '../../src/verify/verify-scenario.js';
import { binaryForTest } from '../support/prometheus.js';

const promtool = binaryForTest(PROMTOOL);
const prometheus = binaryForTest(PROMETHEUS);

describe.runIf(promtool !== null && prometheus !== null)('backfilling only the series the rules read (real Prometheus)', () => {
  it('gives the same timelines as backfilling every series', async () => {
    const { alerts: rules, records } = loadRuleFile(DEFAULT_RULES_FILE);
    // A rule whose selector has no metric name reads everything: with it, every series is backfilled.
    const everything: AlertRule = { ...rules[0], name: 'ReadsEverything', expr: 'count({__name__=~"lunar_.+"}) < 0' };
    // Its timelines are compared, not its expectations (which would need an Alertmanager).
    const scenario = { ...loadScenario('claude-outage-cold-cache'), expect: null };
    const bins = { promtool: promtool!, prometheus: prometheus! };
    const [filtered, full] = await Promise.all([verifyScenario(scenario, rules, bins, { records }), verifyScenario(scenario, [...rules, everything], bins, { records })]);
    expect(filtered.samples).toBeLessThan(full.samples / 2);
    const shipped = (r: typeof full): unknown[] => r.episodes.filter((e) => e.alert !== 'ReadsEverything');
    expect(shipped(filtered).length).toBeGreaterThan(3);
    expect(shipped(filtered)).toEqual(shipped(full));
  });
});
