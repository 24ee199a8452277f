import { describe, expect, it } from 'vitest';
import { specOf, staticFindings } from '../../src/dashboard-check/index.js';
import { legendFindings, unitFindings } from '../../src/dashboard-check/static-checks.js';

const steps = [{ value: null, color: 'green' }, { value: 10, color: 'red' }];
const doc = {
  time: { from: 'now-6h' },
  templating: { list: [{ type: 'interval', name: 'interval', current: { value: '5m' } }, { type: 'query', name: 'model', includeAll: true, allValue: '.*', current: { value: '$__all' } }] },
  panels: [
    { type: 'row', title: 'r', panels: [{ type: 'stat', title: 'collapsed', fieldConfig: { defaults: { unit: 'short' } }, targets: [{ refId: 'A', expr: 'up' }] }] },
    {
      type: 'stat', title: 'Cost', fieldConfig: {
        defaults: { unit: 'currencyUSD', thresholds: { mode: 'absolute', steps } },
        overrides: [{ matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'thresholds', value: { mode: 'absolute', steps: [{ value: null, color: 'blue' }] } }] }],
      },
      targets: [{ refId: 'A', expr: 'sum(rate(x{model=~"$model"}[$interval]))', legendFormat: 'a' }, { refId: 'B', expr: 'y' }],
    },
    { type: 'gauge', title: 'Pct', fieldConfig: { defaults: { min: 0, max: 200, thresholds: { mode: 'percentage', steps: [{ value: null, color: 'green' }, { value: 50, color: 'red' }] } } }, targets: [{ refId: 'A', expr: 'z' }] },
    { type: 'timeseries', title: 'Lines', options: { legend: { showLegend: false } }, fieldConfig: { defaults: { unit: 's', thresholds: { steps } } }, targets: [{ refId: 'A', expr: 'w', legendFormat: '{{source}}' }] },
  ],
};
const spec = specOf({ file: 'd.json', doc }, 15_000);
const panel = (title: string) => spec.panels.find((p) => p.title === title)!;

describe('specOf', () => {
  it('flattens rows, resolves the variables, and reads per-query steps and percentage steps', () => {
    expect(spec.panels.map((p) => p.title)).toEqual(['collapsed', 'Cost', 'Pct', 'Lines']);
    expect(panel('Cost').targets[0].query).toBe('sum(rate(x{model=~".*"}[5m]))');
    expect(panel('Cost').stepsByRef.get('B')).toEqual([{ value: null, color: 'blue' }]);
    expect(panel('Pct').steps).toEqual([{ value: null, color: 'green' }, { value: 100, color: 'red' }]);
  });

  it('colours stats and gauges, and a time series only when it shows its thresholds', () => {
    expect(spec.panels.map((p) => p.coloured)).toEqual([true, true, true, false]);
  });
});

describe('static findings', () => {
  it('names the panels without a unit', () => {
    expect(unitFindings(spec).map((f) => f.panel)).toEqual(['Pct']);
  });

  it('wants a shown legend and a legend template on every query of a panel with several series', () => {
    expect(legendFindings(panel('Cost'), 2).map((f) => f.message)).toEqual(['2 series, and query B has no legend (legendFormat)']);
    expect(legendFindings(panel('Lines'), 4).map((f) => f.message)).toEqual(['4 series and the legend is hidden']);
    expect(legendFindings(panel('Lines'), 1)).toEqual([]);
  });

  it('gathers them without data', () => {
    expect(staticFindings(spec, [], []).map((f) => `${f.panel}: ${f.check}`)).toEqual(['Pct: unit', 'Cost: legend']);
  });
});
