import { describe, expect, it } from 'vitest';
import { rangeAggregates, readStoredAggregates } from '../../src/promql/range-aggregates.js';
import { parsePromql } from '../../src/promql/syntax.js';

const MIN = 60_000;

describe('rangeAggregates', () => {
  it('finds each aggregation of a range function over one range selector, its offset taken out of the key', () => {
    const expr = 'sum(increase(x[15m])) == 0 and on() sum by (instance) (increase(x{a="b"}[3h] offset 15m)) >= 240';
    expect(rangeAggregates(expr).map((s) => [expr.slice(s.from, s.to), s.key, s.offsetMs])).toEqual([
      ['sum(increase(x[15m]))', 'sum(increase(x[15m]))', 0],
      ['sum by (instance) (increase(x{a="b"}[3h] offset 15m))', 'sum by (instance) (increase(x{a="b"}[3h]))', 15 * MIN],
    ]);
  });

  it('leaves out what a stored series cannot stand for: a subquery step, @, a parameter, an aggregation of an aggregation, an instant selector', () => {
    expect(rangeAggregates('max_over_time(sum(rate(y[5m]))[1h:1m])')).toEqual([]);
    expect(rangeAggregates('sum(rate(z[5m] @ 100))')).toEqual([]);
    expect(rangeAggregates('topk(3, rate(z[5m]))')).toEqual([]);
    expect(rangeAggregates('sum(x)')).toEqual([]);
    expect(rangeAggregates('max(sum(x))')).toEqual([]);
    expect(rangeAggregates('sum(rate(x[5m]) * 2)')).toEqual([]);
    expect(rangeAggregates('sum(increase(x[1h] offset -5m))')).toEqual([]);
  });

  it('sees through parentheses around the range function', () => {
    expect(rangeAggregates('sum((rate(x[5m])))').map((s) => s.key)).toEqual(['sum((rate(x[5m])))']);
  });
});

describe('readStoredAggregates', () => {
  const stored = new Map([['sum(increase(x[3h]))', 'stored_3h'], ['sum(increase(x[15m]))', 'stored_15m']]);

  it('reads a stored site at its offset, without the stored name, and keeps the rest of the expression', () => {
    const expr = 'sum(increase(x[15m])) == 0 and on() sum(increase(x[3h] offset 15m)) >= 240 or sum(increase(x[6h]))';
    const out = readStoredAggregates(expr, stored, MIN);
    expect(out).toBe('(stored_15m + 0) == 0 and on() (stored_3h offset 900s + 0) >= 240 or sum(increase(x[6h]))');
    expect(() => parsePromql(out)).not.toThrow();
  });

  it('keeps a site whose offset falls between evaluations: the stored sample would be another instant', () => {
    expect(readStoredAggregates('sum(increase(x[3h] offset 90s))', stored, MIN)).toBe('sum(increase(x[3h] offset 90s))');
  });
});
