import { describe, expect, it } from 'vitest';
import { aggregationMutants } from '../../src/mutate/aggregation-mutants.js';
import { alertGroups, labelMutants } from '../../src/mutate/label-mutants.js';
import { labelDomains, matcherMutants } from '../../src/mutate/matcher-mutants.js';
import { deriveMutants } from '../../src/mutate/mutants.js';
import { parsePromql } from '../../src/promql/syntax.js';
import type { AlertRule } from '../../src/verify/rules.js';

const rule = (name: string, expr: string, labels: Record<string, string> = {}): AlertRule => ({
  name, expr, forMs: 0, keepFiringForMs: 0, labels, annotations: {}, group: 'g', intervalMs: 60_000,
});

const exprs = (ms: { rule: AlertRule }[]): string[] => ms.map((m) => m.rule.expr);

describe('matcher mutants', () => {
  const r = rule('M', 'sum(increase(lunar_interpretation_generated_total{source="hardcoded",model!="x"}[1h])) > 0');
  const mutants = matcherMutants(r, labelDomains([r.expr]));

  it('drops each matcher with its comma, leaving a selector that parses', () => {
    expect(exprs(mutants.filter((m) => m.id.includes('dropped')))).toEqual([
      'sum(increase(lunar_interpretation_generated_total{model!="x"}[1h])) > 0',
      'sum(increase(lunar_interpretation_generated_total{source="hardcoded"}[1h])) > 0',
    ]);
    expect(exprs(matcherMutants(rule('One', 'x{a="b"} > 0'), new Map()))[0]).toBe('x > 0');
  });

  it('widens a matcher to any value of its label (=~".+": `.*` would be the dropped matcher again)', () => {
    expect(mutants.find((m) => m.id.startsWith('M: matcher widened: `source="hardcoded"`'))!.rule.expr)
      .toBe('sum(increase(lunar_interpretation_generated_total{source=~".+",model!="x"}[1h])) > 0');
  });

  it('changes a value to the next of its catalogue domain, or of the values the rules use for an open label', () => {
    // source of lunar_interpretation_generated_total: claude, db_temporal, db_template, hardcoded (sorted: hardcoded → claude).
    expect(mutants.find((m) => m.id.includes('matcher value: `source="hardcoded"`'))!.rule.expr).toContain('{source="claude",model!="x"}');
    // model is open and the rules name one value only: nothing to change it to.
    expect(mutants.some((m) => m.id.includes('matcher value: `model'))).toBe(false);
    const open = labelDomains(['f_total{type="api_error"}', 'f_total{type="timeout"}']);
    expect(open.get('f_total type')).toEqual(['api_error', 'timeout']);
  });

  it('never drops the only matcher of a selector without a name', () => {
    expect(matcherMutants(rule('N', '{job="x"} > 0'), new Map()).filter((m) => m.id.includes('dropped'))).toEqual([]);
  });
});

describe('aggregation mutants', () => {
  const q = rule('Q', 'histogram_quantile(0.95, sum by (le) (rate(h_bucket[10m]))) > 30');

  it('drops each `by` label and adds instance', () => {
    expect(exprs(aggregationMutants(q).filter((m) => m.operator === 'grouping'))).toEqual([
      'histogram_quantile(0.95, sum by () (rate(h_bucket[10m]))) > 30',
      'histogram_quantile(0.95, sum by (le, instance) (rate(h_bucket[10m]))) > 30',
    ]);
  });

  it('adds `by (instance)` to an aggregation without a clause, and leaves a clause holding instance alone', () => {
    const plain = aggregationMutants(rule('S', 'sum(g) > 10')).find((m) => m.operator === 'grouping')!;
    expect(plain.rule.expr).toBe('sum by (instance)(g) > 10');
    expect(aggregationMutants(rule('I', 'max without (instance) (g) > 1')).filter((m) => m.id.includes('added'))).toEqual([]);
  });

  it('swaps sum for max and avg, max for sum and min', () => {
    expect(exprs(aggregationMutants(rule('S', 'sum(g) > 10')).filter((m) => m.operator === 'aggregation'))).toEqual(['max(g) > 10', 'avg(g) > 10']);
    expect(exprs(aggregationMutants(rule('X', 'max(g) > 10')).filter((m) => m.operator === 'aggregation'))).toEqual(['sum(g) > 10', 'min(g) > 10']);
  });

  it('moves the quantile of histogram_quantile: P95 → P90 and P99', () => {
    expect(aggregationMutants(q).filter((m) => m.operator === 'quantile').map((m) => [m.id, m.rule.expr])).toEqual([
      ['Q: quantile 0.95 → 0.9', 'histogram_quantile(0.9, sum by (le) (rate(h_bucket[10m]))) > 30'],
      ['Q: quantile 0.95 → 0.99', 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[10m]))) > 30'],
    ]);
  });
});

describe('label mutants', () => {
  const rules = [rule('P', 'a > 1', { severity: 'critical', alert_group: 'claude' }), rule('W', 'b > 1', { severity: 'warning', alert_group: 'cost' })];

  it('swaps the severity (a page made a warning and back) and the class for the next of the file', () => {
    expect(alertGroups(rules)).toEqual(['claude', 'cost']);
    const [severity, group] = labelMutants(rules[0], alertGroups(rules));
    expect(severity).toMatchObject({ id: 'P: label severity critical → warning', operator: 'alert-label', rule: { expr: 'a > 1', labels: { severity: 'warning', alert_group: 'claude' } } });
    expect(group.rule.labels).toEqual({ severity: 'critical', alert_group: 'cost' });
    expect(labelMutants(rules[1], alertGroups(rules))[1].rule.labels.alert_group).toBe('claude');
  });

  it('is kept by deriveMutants although the expression and timing are the original\'s', () => {
    const ids = deriveMutants(rules).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['P: label severity critical → warning', 'W: label alert_group cost → claude']));
  });
});

describe('every new mutant', () => {
  it('parses', () => {
    const r = rule('All', 'histogram_quantile(0.95, sum by (le) (rate(lunar_interpretation_duration_seconds_bucket{source="claude"}[5m]))) > 30 and on() sum(g{source!="db_temporal"}) > 1', { severity: 'warning', alert_group: 'latency' });
    for (const m of deriveMutants([r])) expect(() => parsePromql(m.rule.expr)).not.toThrow();
  });
});
