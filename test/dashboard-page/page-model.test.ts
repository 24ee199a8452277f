import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FieldsInvalidError } from '../../src/errors.js';
import { interpolate, variableValues } from '../../src/dashboard-page/grafana-variables.js';
import { pageModel, pageScenario, type GrafanaDashboard } from '../../src/dashboard-page/page-model.js';
import { parseScenario } from '../../src/scenario/parse.js';
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

describe("the page's scenario phases", () => {
  it("carries each phase's start on the simulated axis, for the page's markers", () => {
    const scenario = parseScenario(
      'name: p\nsummary: phases\nseed: 1\nduration: 3h\ntraffic: { rate: 10/min }\nphases:\n  - { name: outage, at: 1h, profile: { claude: { errors: { api_error: 1 } } } }\n  - { name: recovery, at: 2h }\n',
      'p.yaml',
    );
    const s = pageScenario(scenario);
    expect(s).toEqual({ name: 'p', start: scenario.start, end: scenario.start + 3 * 3_600_000, phases: [{ name: 'outage', at: scenario.start + 3_600_000 }, { name: 'recovery', at: scenario.start + 7_200_000 }] });
    expect(pageModel(dashboard, { speed: 60, scrapeMs: 15_000, axis, scenario: s }).scenario).toEqual(s);
  });
});

describe("the page's variables", () => {
  const options = { speed: 60, scrapeMs: 15_000, axis };
  const queryOf = (m: ReturnType<typeof pageModel>, title: string) => m.rows.flatMap((r) => r.panels).find((p) => p.title === title)!.targets[0].query;

  it('offers $interval with its options and $model from label_values, as the dashboard sets them', () => {
    const { variables } = pageModel(dashboard, options);
    expect(variables.map((v) => [v.name, v.label, v.multi, v.includeAll, v.options, v.labelValues, v.current])).toEqual([
      ['interval', 'Intervalle', false, false, ['5m', '15m', '1h', '6h', '24h'], null, ['5m']],
      ['model', 'Modèle', true, true, [], { metric: 'lunar_interpretation_generated_total', label: 'model' }, ['$__all']],
    ]);
  });

  it('resolves the queries with the chosen values: two models as an escaped alternation, another interval', () => {
    const m = pageModel(dashboard, { ...options, choices: { model: ['claude-opus-4.5', 'none'], interval: ['1h'] } });
    expect(m.variables.map((v) => v.current)).toEqual([['1h'], ['claude-opus-4.5', 'none']]);
    const expected = compressExpression('sum by (source) (rate(lunar_interpretation_generated_total{model=~"(claude-opus-4\\\\.5|none)"}[1h])) * 60', 60).expr;
    expect(queryOf(m, 'Générations par Source')).toBe(expected);
    expect(queryOf(pageModel(dashboard, { ...options, choices: { model: ['$__all'] } }), 'Générations par Source')).toBe(queryOf(pageModel(dashboard, options), 'Générations par Source'));
  });

  it('refuses, naming the field, an unknown variable, a value outside the options, two values for one, All where none, a regex', () => {
    const fieldsOf = (choices: Record<string, string[]>) => {
      try {
        pageModel(dashboard, { ...options, choices });
      } catch (e) {
        expect(e).toBeInstanceOf(FieldsInvalidError);
        return (e as FieldsInvalidError).fields;
      }
      throw new Error('accepted');
    };
    expect(fieldsOf({ nope: ['x'] })).toEqual([{ field: 'var-nope', message: "no such variable; the dashboard's are interval, model" }]);
    expect(fieldsOf({ interval: ['7m'] })).toEqual([{ field: 'var-interval', message: '"7m" is not one of 5m, 15m, 1h, 6h, 24h' }]);
    expect(fieldsOf({ interval: ['5m', '1h'] })).toEqual([{ field: 'var-interval', message: 'takes one value' }]);
    expect(fieldsOf({ interval: ['$__all'] })).toEqual([{ field: 'var-interval', message: 'has no All' }]);
    expect(fieldsOf({ model: ['.*"} or vector(1) #'] })[0].field).toBe('var-model');
    expect(fieldsOf({ model: new Array(21).fill('a') })).toEqual([{ field: 'var-model', message: '1 to 20 values' }]);
    expect(fieldsOf({ datasource: ['x'] })[0].field).toBe('var-datasource');
  });
});
