import { describe, expect, it } from 'vitest';
import { readDashboard, specOf } from '../../src/dashboard-check/index.js';
import { ruleThreshold, THRESHOLD_LINKS } from '../../src/dashboard-check/threshold-map.js';
import { thresholdFindings } from '../../src/dashboard-check/static-checks.js';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';
import { DEFAULT_RULES_FILE, loadRuleFile, type AlertRule } from '../../src/verify/rules.js';

const { alerts, records } = loadRuleFile(DEFAULT_RULES_FILE);
const rule = (name: string, expr: string): AlertRule => ({ name, expr, forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, group: 'g', intervalMs: 60_000 });
const record = (name: string, expr: string) => ({ record: name, expr, labels: {}, group: 'g', intervalMs: 60_000 });

describe('ruleThreshold', () => {
  it('reads the literal of the first comparison, a constant recording rule, and a factor of one', () => {
    const budget = [record('budget:per_day', 'vector(100)')];
    expect(ruleThreshold(rule('A', 'x > 30 unless on() y <= 25'), [])).toBe(30);
    expect(ruleThreshold(rule('B', 'x < 0.30 unless on() y > 0.5'), [])).toBe(0.3);
    expect(ruleThreshold(rule('C', 'spend > budget:per_day'), budget)).toBe(100);
    expect(ruleThreshold(rule('D', 'spend > 5 * budget:per_day'), budget)).toBe(500);
  });

  it('is null when the bound is computed from data', () => {
    expect(ruleThreshold(rule('E', 'x > 3 * reference'), [record('reference', 'sum(rate(y[5m]))')])).toBeNull();
    expect(ruleThreshold(rule('F', 'sum(x)'), [])).toBeNull();
  });

  it("finds the shipped rules' numbers", () => {
    const of = (name: string): number | null => ruleThreshold(alerts.find((a) => a.name === name)!, records);
    expect([of('LunarGenerationLatencyHigh'), of('LunarGenerationLatencyCritical'), of('LunarCacheHitRateLow')]).toEqual([30, 45, 0.3]);
    expect([of('LunarGenerationCostHigh'), of('LunarGenerationCostCritical')]).toEqual([100, 500]);
  });
});

describe('the shipped dashboard against the shipped rules', () => {
  const spec = specOf(readDashboard(DASHBOARD_FILE), 15_000);

  it('has every linked panel and alert (a renamed panel would silently unlink its step)', () => {
    for (const link of THRESHOLD_LINKS) {
      expect(spec.panels.map((p) => p.title)).toContain(link.panel);
      expect(alerts.map((a) => a.name)).toContain(link.alert);
    }
  });

  it('puts every linked step at its rule number', () => {
    expect(thresholdFindings(spec, alerts, records)).toEqual([]);
  });

  it('names the panel, the step and both numbers when a step and its rule disagree', () => {
    const moved = alerts.map((a) => (a.name === 'LunarGenerationLatencyHigh' ? { ...a, expr: a.expr.replace('> 30', '> 35') } : a));
    expect(thresholdFindings(spec, moved, records)).toEqual([
      { panel: 'P95 Latence', check: 'threshold', message: 'the orange step is at 30, but LunarGenerationLatencyHigh fires at 35 (rules file)' },
    ]);
    const budget = records.map((r) => (r.record === 'lunar:spend_budget_usd:per_day' ? { ...r, expr: 'vector(250)' } : r));
    expect(thresholdFindings(spec, alerts, budget).map((f) => f.message)).toEqual([
      'the orange step (query B) is at 100, but LunarGenerationCostHigh fires at 250 (rules file)',
      'the red step (query B) is at 500, but LunarGenerationCostCritical fires at 1250 (rules file)',
    ]);
  });
});
