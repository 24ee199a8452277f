import { describe, expect, it } from 'vitest';
import { selectors } from '../../src/promql/selectors.js';
import { seriesNeeded } from '../../src/verify/series-needs.js';
import { DEFAULT_RULES_FILE, loadRuleFile, type AlertRule } from '../../src/verify/rules.js';

const rule = (expr: string): AlertRule => ({ name: 'R', expr, forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, group: 'g', intervalMs: 60_000 });

describe('selectors', () => {
  it('reads names and matchers, inside ranges and subqueries, quoted or not', () => {
    const found = selectors('rate(a{source="claude", le!="1"}[5m]) / max_over_time(b[1h:1m]) or {__name__="c", "quoted"="v"}');
    expect(found.map((s) => [s.name, s.matchers.map((m) => `${m.label}${m.op}${m.value}`)])).toEqual([
      ['a', ['source=claude', 'le!=1']],
      ['b', []],
      ['c', ['quoted=v']],
    ]);
  });
});

describe('seriesNeeded', () => {
  it('keeps the series a selector can match, and no other', () => {
    const keep = seriesNeeded([rule('sum(rate(d_bucket{source="claude"}[5m])) and sum(g{source!="db_temporal"})')]);
    expect(keep('d_bucket', { source: 'claude', le: '30' })).toBe(true);
    expect(keep('d_bucket', { source: 'db_template', le: '30' })).toBe(false);
    expect(keep('g', { source: 'claude' })).toBe(true);
    expect(keep('g', { source: 'db_temporal' })).toBe(false);
    expect(keep('g', {})).toBe(true);
    expect(keep('tokens_total', { model: 'x' })).toBe(false);
  });

  it('keeps what a regex might match, and everything for a selector without a name', () => {
    expect(seriesNeeded([rule('g{source=~"clau.*"}')])('g', { source: 'hardcoded' })).toBe(true);
    expect(seriesNeeded([rule('{job="api"}')])('anything', {})).toBe(true);
  });

  it('drops most of the shipped scenarios\' series: the duration histogram of the other sources, tokens, cost', () => {
    const { alerts, records } = loadRuleFile(DEFAULT_RULES_FILE);
    const keep = seriesNeeded([...alerts, ...records]);
    expect(keep('lunar_interpretation_duration_seconds_bucket', { source: 'claude', le: '45' })).toBe(true);
    expect(keep('lunar_interpretation_duration_seconds_bucket', { source: 'db_temporal', le: '45' })).toBe(false);
    expect(keep('lunar_interpretation_tokens_total', { model: 'm', type: 'output' })).toBe(false);
    expect(keep('lunar_interpretation_generated_total', { source: 'hardcoded', model: 'none' })).toBe(true);
  });
});
