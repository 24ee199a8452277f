import { describe, expect, it } from 'vitest';
import { readDashboard, specOf } from '../../src/dashboard-check/index.js';
import { expectsAlert, incidentFindings } from '../../src/dashboard-check/incident-check.js';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { DEFAULT_RULES_FILE, loadRuleFile } from '../../src/verify/rules.js';

const { alerts } = loadRuleFile(DEFAULT_RULES_FILE);
const spec = specOf(readDashboard(DASHBOARD_FILE), 15_000);
const panel = (title: string) => spec.panels.find((p) => p.title === title)!;
const rule = (name: string) => alerts.find((a) => a.name === name)!;
const series = (values: number[]) => [[{ labels: {}, points: new Map(values.map((v, i) => [i * 60_000, v])) }]];

describe('expectsAlert', () => {
  it('reads fire:, and a warning or page of a class that only one alert of that severity can send', () => {
    const slow = loadScenario('claude-slow'); // warns of latency
    expect(expectsAlert(slow, rule('LunarGenerationLatencyHigh'), alerts)).toBe(true);
    expect(expectsAlert(slow, rule('LunarGenerationLatencyCritical'), alerts)).toBe(false);
    const healthy = loadScenario('baseline');
    expect(alerts.some((a) => expectsAlert(healthy, a, alerts))).toBe(false);
  });

  it('does not read a cost warning as the budget alert: the call-cost alert sends warnings of that class too', () => {
    const costWarning = { ...loadScenario('baseline'), expect: { fire: [], allow: [], notify: [{ kind: 'warn', group: 'cost', from: 0, fromName: '0s', within: 60_000 }] } } as unknown as Scenario;
    expect(expectsAlert(costWarning, rule('LunarGenerationCostHigh'), alerts)).toBe(false);
  });
});

describe('incidentFindings', () => {
  const slow = loadScenario('claude-slow');

  it('passes a panel that crosses the step of an expected alert, and fails one that never does, with what it showed', () => {
    expect(incidentFindings(panel('P95 Latence'), series([14, 31, 16]), slow, alerts)).toEqual([]);
    expect(incidentFindings(panel('P95 Latence'), series([14, 29.9, 16]), slow, alerts)).toEqual([
      { panel: 'P95 Latence', check: 'colour', message: 'never crosses its orange step (at or above 30), though the scenario expects LunarGenerationLatencyHigh: it showed 14–29.9' },
    ]);
  });

  it('reads a below-threshold alert from below, and asks nothing of a scenario that expects no such alert', () => {
    const collapse = loadScenario('cache-collapse');
    expect(incidentFindings(panel('Cache Hit Rate'), series([70, 29, 70]), collapse, alerts)).toEqual([]);
    expect(incidentFindings(panel('Cache Hit Rate'), series([70, 30, 70]), collapse, alerts).map((f) => f.message)).toEqual([
      'never crosses its yellow step (below 30), though the scenario expects LunarCacheHitRateLow: it showed 30–70',
    ]);
    expect(incidentFindings(panel('Cache Hit Rate'), series([70, 30, 70]), slow, alerts)).toEqual([]);
  });
});
