import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpolate, variableValues } from '../../src/dashboard-page/grafana-variables.js';
import { pageModel, type GrafanaDashboard } from '../../src/dashboard-page/page-model.js';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';
import { dashboardExpressions } from '../../src/monitoring/lint-files.js';
import { compressExpression } from '../../src/promql/compress.js';

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as GrafanaDashboard;
const axis = { simOrigin: 1_000_000, realOrigin: 2_000_000 };

describe('the page model of the shipped dashboard', () => {
  const model = pageModel(dashboard, { speed: 60, scrapeMs: 15_000, axis, scenario: { name: 's', start: 0 } });
  const panels = model.rows.flatMap((r) => r.panels);

  it("has the dashboard's rows and its 14 panels, in order, with their types and grid positions", () => {
    const grafana = (dashboard.panels ?? []).filter((p) => p.type !== 'row');
    expect(model.rows.map((r) => r.title)).toEqual((dashboard.panels ?? []).filter((p) => p.type === 'row').map((p) => p.title));
    expect(panels).toHaveLength(14);
    expect(panels.map((p) => [p.title, p.type, p.gridPos])).toEqual(grafana.map((p) => [p.title, p.type, p.gridPos]));
  });

  it("carries the overrides Grafana would apply: a query's own steps, a source's fixed colour, and the words for no value", () => {
    const panel = (title: string) => panels.find((p) => p.title === title)!;
    expect(panel('Coût Quotidien').stepsByRef).toEqual({
      A: [{ value: null, color: 'blue' }],
      B: [{ value: null, color: 'green' }, { value: 100, color: 'orange' }, { value: 500, color: 'red' }],
    });
    const sources = { claude: 'blue', db_temporal: 'green', db_template: 'yellow', hardcoded: 'red' };
    expect([panel('Générations par Source').colours, panel('Répartition par Source').colours]).toEqual([sources, sources]);
    expect([panel('P95 Latence').noValue, panel('Durée Génération').noValue, panel('Cache hits').noValue]).toEqual(['aucun appel réussi', 'aucun appel réussi', null]);
  });

  it('carries units, decimals, min/max and threshold colours as the JSON has them', () => {
    const grafana = (dashboard.panels ?? []).filter((p) => p.type !== 'row');
    panels.forEach((p, i) => {
      const d = grafana[i].fieldConfig?.defaults ?? {};
      expect([p.unit, p.decimals, p.min, p.max, p.thresholds]).toEqual([d.unit ?? 'short', d.decimals ?? null, d.min ?? null, d.max ?? null, d.thresholds?.steps ?? []]);
    });
    expect(panels.find((p) => p.title === 'Fallback Rate')!.thresholds.map((t) => t.color)).toEqual(['green', 'orange', 'red']);
    expect(panels.find((p) => p.title === 'Migration Info')!.hidden).toEqual(['Time', 'Value', '__name__', 'instance', 'job']);
    expect(panels.find((p) => p.title === 'Migration Info')!.order).toEqual(['version', 'templates_count', 'date', 'architecture']);
  });

  it("resolves Grafana's variables as the dashboard sets them, then compresses every query", () => {
    const queries = panels.flatMap((p) => p.targets.map((t) => [t.expr, t.query]));
    expect(queries.map(([expr]) => expr)).toEqual(dashboardExpressions(DASHBOARD_FILE).map((q) => q.expr));
    for (const [expr, query] of queries) {
      expect(query).toBe(compressExpression(expr.replaceAll('$interval', '5m').replaceAll('$model', '.*'), 60).expr);
    }
    expect(panels.every((p) => p.problems.length === 0)).toBe(true);
  });

  it('compresses the refresh (never under 1 s) and keeps the time range and axis in simulated time', () => {
    expect([model.rangeMs, model.refreshMs, model.speed]).toEqual([6 * 3_600_000, 1000, 60]);
    expect(pageModel(dashboard, { speed: 10, scrapeMs: 15_000, axis }).refreshMs).toBe(3000);
    expect(model.axis).toEqual({ ...axis, speed: 60 });
  });

  it('shows why a query cannot be prepared in its panel', () => {
    const broken = { panels: [{ type: 'stat', title: 'Clock', targets: [{ refId: 'A', expr: 'time()' }, { refId: 'B', expr: 'sum(' }] }] };
    const [p] = pageModel(broken, { speed: 60, scrapeMs: 15_000, axis }).rows[0].panels;
    expect(p.problems).toEqual(['time() reads the wall clock, which runs 60× slower than simulated time', expect.stringMatching(/^query B: PromQL syntax error/)]);
  });
});

describe("Grafana's variables", () => {
  it('takes the current value, the first option, or All as allValue; and derives the built-ins', () => {
    const values = variableValues(
      {
        list: [
          { type: 'interval', name: 'interval', current: { value: '15m' }, options: [{ value: '5m' }] },
          { type: 'interval', name: 'window', query: '1h,6h' },
          { type: 'query', name: 'model', includeAll: true, allValue: '.+' },
          { type: 'custom', name: 'two', current: { value: ['a', 'b'] } },
          { type: 'datasource', name: 'datasource' },
        ],
      },
      { rangeMs: 6 * 3_600_000, scrapeMs: 15_000, points: 300 },
    );
    expect(values).toEqual({
      __interval: '1m12s',
      __rate_interval: '1m27s',
      __range: '6h',
      interval: '15m',
      window: '1h',
      model: '.+',
      two: '(a|b)',
      datasource: 'prometheus',
    });
  });

  it('interpolates $name, ${name}, ${name:format} and [[name]], leaving unknown names alone', () => {
    expect(interpolate('rate(x{m=~"$model"}[${interval}]) + y[[[interval]]] + $nope + ${interval:raw}', { model: '.*', interval: '5m' })).toBe(
      'rate(x{m=~".*"}[5m]) + y[5m] + $nope + 5m',
    );
  });
});
