import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardJson } from '../../src/monitoring/dashboard.js';
import { DASHBOARD_FILE, MONITORING_DIR, RULES_FILE } from '../../src/monitoring/files.js';
import { AMTOOL, PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadRuleFile } from '../../src/verify/rules.js';
import { binaryForTest } from '../support/prometheus.js';

const DESIGN_ALERTS = [
  'LunarGenerationCostHigh', 'LunarGenerationCostCritical', 'LunarGenerationFallbackHigh', 'LunarGenerationFallbackCritical',
  'LunarGenerationLatencyHigh', 'LunarGenerationLatencyCritical', 'LunarCacheHitRateLow', 'LunarGenerationStuck',
  'LunarGenerationNoActivity', 'LunarTemplateFallbackSpike', 'LunarClaudeApiErrorRate', 'LunarHardcodedFallbackUsed',
];

/** The alerts docs/alerting-policy.md adds for incident classes the guide's twelve do not see, and their class. */
const POLICY_ALERTS = {
  LunarClaudeDown: 'claude',
  LunarClaudeCallCostHigh: 'cost',
  LunarTrafficDrop: 'traffic',
  LunarReplicaMissing: 'fleet',
};
/** The policy's incident classes (its alert_group labels). */
const CLASSES = ['claude', 'latency', 'stuck', 'cache', 'cost', 'hardcoded', 'traffic', 'fleet'];

describe('the alert rules', () => {
  const { alerts: rules, records } = loadRuleFile(RULES_FILE);

  it('hold the 12 alerts of DESIGN.md and the 4 the alerting policy adds, each in one of its classes', () => {
    expect(rules.map((r) => r.name).sort()).toEqual([...DESIGN_ALERTS, ...Object.keys(POLICY_ALERTS)].sort());
    for (const r of rules) expect(CLASSES, r.name).toContain(r.labels.alert_group);
    for (const [name, group] of Object.entries(POLICY_ALERTS)) expect(rules.find((r) => r.name === name)!.labels.alert_group).toBe(group);
  });

  it('each have for, a severity, a summary, a description with the value, and a runbook section', () => {
    const raw = parse(readFileSync(RULES_FILE, 'utf8')).groups.flatMap((g: { rules: Record<string, unknown>[] }) => g.rules).filter((r: Record<string, unknown>) => r.alert);
    const runbooks = readFileSync('docs/runbooks.md', 'utf8');
    for (const r of raw) {
      expect(r.for, `${r.alert} for`).toBeDefined();
      const labels = r.labels as Record<string, string>;
      const annotations = r.annotations as Record<string, string>;
      expect(['warning', 'critical']).toContain(labels.severity);
      expect(annotations.summary).toBeTruthy();
      expect(annotations.description).toMatch(/\$value/);
      expect(annotations.runbook_url).toBe(`docs/runbooks.md#${String(r.alert).toLowerCase()}`);
      expect(runbooks).toContain(`## ${r.alert}\n`);
    }
  });

  it('pass promtool check rules', (ctx) => {
    const promtool = binaryForTest(PROMTOOL);
    if (!promtool) return ctx.skip();
    const r = spawnSync(promtool, ['check', 'rules', RULES_FILE], { encoding: 'utf8' });
    expect(r.stdout).toContain(`SUCCESS: ${rules.length + records.length} rules found`);
    expect(r.status).toBe(0);
  });
});

describe('the provisioning files', () => {
  it('alertmanager.yml passes amtool check-config and routes critical to on-call, warning to the team', (ctx) => {
    const amtool = binaryForTest(AMTOOL);
    if (!amtool) return ctx.skip();
    const file = `${MONITORING_DIR}alertmanager.yml`;
    expect(spawnSync(amtool, ['check-config', file]).status).toBe(0);
    const route = (receiver: string, label: string): number | null =>
      spawnSync(amtool, ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${receiver}`, label]).status;
    expect(route('oncall', 'severity=critical')).toBe(0);
    expect(route('team', 'severity=warning')).toBe(0);
    expect(route('team', 'severity=critical')).toBe(1);
  });

  it('prometheus.yml passes promtool check config (which also checks the rules it loads)', (ctx) => {
    const promtool = binaryForTest(PROMTOOL);
    if (!promtool) return ctx.skip();
    expect(spawnSync(promtool, ['check', 'config', `${MONITORING_DIR}prometheus.yml`]).status).toBe(0);
  });
});

describe('the Grafana provisioning files', () => {
  // No Grafana package exists in Debian: these are checked for what Grafana reads, not by a running Grafana.
  it('provision a default Prometheus datasource and the dashboard folder', () => {
    const ds = parse(readFileSync(`${MONITORING_DIR}grafana/provisioning/datasources/prometheus.yml`, 'utf8'));
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: 'http://127.0.0.1:9090', isDefault: true })]);
    const dashboards = parse(readFileSync(`${MONITORING_DIR}grafana/provisioning/dashboards/lunar.yml`, 'utf8'));
    expect(dashboards.providers[0]).toMatchObject({ type: 'file', folder: 'Astroia', options: { path: '$LUNAR_SIM_MONITORING' } });
  });
});

describe('the dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));

  it('is what the code generates (run `npm run dashboard` when this fails)', () => {
    expect(readFileSync(DASHBOARD_FILE, 'utf8')).toBe(dashboardJson());
  });

  it("has the guide's 4 rows and 14 panels with their visualisations", () => {
    const rows = dashboard.panels.filter((p: { type: string }) => p.type === 'row').map((p: { title: string }) => p.title);
    expect(rows).toEqual(["Vue d'ensemble temps réel", 'Statistiques 24h', 'Détails performance', 'Diagnostics']);
    const panels = dashboard.panels.filter((p: { type: string }) => p.type !== 'row').map((p: { type: string; title: string }) => `${p.type}:${p.title}`);
    expect(panels).toEqual([
      'timeseries:Générations par Source', 'stat:Coût Quotidien', 'gauge:Cache Hit Rate', 'gauge:Fallback Rate', 'gauge:P95 Latence',
      'stat:Générations totales', 'stat:Générations Claude', 'stat:Cache hits', 'stat:Fallbacks',
      'timeseries:Durée Génération', 'timeseries:Coût par heure',
      'timeseries:Générations Actives', 'piechart:Répartition par Source', 'table:Migration Info',
    ]);
  });

  it("carries the guide's thresholds where a healthy API stays green, and the alerts' numbers (docs/dashboard.md)", () => {
    const steps = (title: string): [number | null, string][] =>
      dashboard.panels.find((p: { title: string }) => p.title === title).fieldConfig.defaults.thresholds.steps.map((s: { value: number | null; color: string }) => [s.value, s.color]);
    expect(steps('P95 Latence')).toEqual([[null, 'green'], [25, 'yellow'], [30, 'orange'], [45, 'red']]);
    expect(steps('Fallback Rate')).toEqual([[null, 'green'], [20, 'orange'], [50, 'red']]);
    expect(steps('Cache Hit Rate')).toEqual([[null, 'red'], [30, 'yellow'], [40, 'green']]);
    // The cost tile: the token-priced cost (B) against the rules' $100 budget and 5× it; the guide's estimate uncoloured.
    const cost = dashboard.panels.find((p: { title: string }) => p.title === 'Coût Quotidien').fieldConfig.overrides;
    const byRef = (ref: string): [number | null, string][] =>
      cost.find((o: { matcher: { options: string } }) => o.matcher.options === ref).properties[0].value.steps.map((s: { value: number | null; color: string }) => [s.value, s.color]);
    expect(byRef('B')).toEqual([[null, 'green'], [100, 'orange'], [500, 'red']]);
    expect(byRef('A')).toEqual([[null, 'blue']]);
  });

  it('has the datasource, interval and model variables, and uses them in its queries', () => {
    const vars = dashboard.templating.list.map((v: { name: string; type: string }) => `${v.type}:${v.name}`);
    expect(vars).toEqual(['datasource:datasource', 'interval:interval', 'query:model']);
    const exprs: string[] = dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.some((e) => e.includes('[$interval]'))).toBe(true);
    expect(exprs.some((e) => e.includes('model=~"$model"'))).toBe(true);
  });
});
