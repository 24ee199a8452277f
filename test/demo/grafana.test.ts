import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { GrafanaDashboard } from '../../src/dashboard-page/page-model.js';
import { compressGrafanaQuery, compressedDashboard, grafanaProvisioning } from '../../src/demo/grafana.js';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';
import { dashboardExpressions } from '../../src/monitoring/lint-files.js';
import { compressExpression } from '../../src/promql/compress.js';

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as GrafanaDashboard;

describe("the Grafana a demo provisions (grafana-server cannot be installed here: its inputs are checked)", () => {
  it('provisions the demo Prometheus as the default datasource, with the compressed scrape interval', () => {
    const files = grafanaProvisioning({ prometheusUrl: 'http://127.0.0.1:9999', scrapeIntervalMs: 250, dashboardsDir: '/tmp/x/dashboards' });
    expect(Object.keys(files).sort()).toEqual(['dashboards/lunar-sim.yml', 'datasources/lunar-sim.yml']);
    expect(parse(files['datasources/lunar-sim.yml'])).toEqual({
      apiVersion: 1,
      datasources: [{ name: 'Prometheus', uid: 'prometheus', type: 'prometheus', access: 'proxy', url: 'http://127.0.0.1:9999', isDefault: true, jsonData: { timeInterval: '250ms' } }],
    });
    expect(parse(files['dashboards/lunar-sim.yml'])).toEqual({
      apiVersion: 1,
      providers: [{ name: 'lunar-sim demo', folder: 'Astroia', type: 'file', options: { path: '/tmp/x/dashboards' } }],
    });
  });

  it("compresses every query but keeps Grafana's variables as variables", () => {
    const c = compressedDashboard(dashboard, 60);
    const before = dashboardExpressions(DASHBOARD_FILE).map((q) => q.expr);
    const after = (c.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr!));
    expect(after).toHaveLength(before.length);
    after.forEach((expr, i) => {
      // Once Grafana puts the compressed choice (5s) for $interval, the query is the compressed original at 5m.
      expect(expr.replaceAll('$interval', '5s')).toBe(compressExpression(before[i].replaceAll('$interval', '5m'), 60).expr);
      expect(expr.includes('$interval')).toBe(before[i].includes('$interval'));
    });
    expect(compressGrafanaQuery('rate(x{m=~"$model"}[${interval}] offset 1h)', 60)).toEqual({ expr: '(rate(x{m=~"$model"}[${interval}] offset 1m) / 60)', problems: [] });
  });

  it("compresses the interval variable's choices, the time range and the refresh", () => {
    const c = compressedDashboard(dashboard, 60) as GrafanaDashboard & { templating: { list: { name: string; query: unknown; current: unknown }[] } };
    const interval = c.templating.list.find((v) => v.name === 'interval')!;
    expect(interval.query).toBe('5s,15s,1m,6m,24m');
    expect(interval.current).toMatchObject({ value: '5s', text: '5s' });
    expect([c.time, c.refresh]).toEqual([{ from: 'now-6m', to: 'now' }, '1s']);
    expect(dashboard.time).toEqual({ from: 'now-6h', to: 'now' });
  });
});
