import { describe, expect, it } from 'vitest';
import { readsOnlyThroughSums } from '../../src/promql/sum-only-reads.js';
import { DEFAULT_RULES_FILE, loadAlertRules } from '../../src/verify/rules.js';

const M = 'lunar_interpretation_generated_total';
const proven = (...exprs: string[]): boolean => readsOnlyThroughSums(exprs, M, 'user_id');

describe('readsOnlyThroughSums', () => {
  it('holds for the shipped rules: they read the generation counter only through sums and absent()', () => {
    expect(proven(...loadAlertRules(DEFAULT_RULES_FILE).map((r) => r.expr))).toBe(true);
  });

  it('accepts sum and sum by other labels of rate/increase, with offsets and parentheses, and absent()', () => {
    expect(proven(`sum(rate(${M}[5m]))`)).toBe(true);
    expect(proven(`sum by (source, model) (increase(${M}{source!="db_temporal"}[6h] offset 15m)) > 3`)).toBe(true);
    expect(proven(`sum((increase(${M}[1h]))) / sum(rate(${M}[1h]))`)).toBe(true);
    expect(proven(`absent(${M}{source="claude"}) or sum(rate(${M}[5m])) == 0`)).toBe(true);
    // Other metrics are none of its business.
    expect(proven('count(lunar_interpretation_active_generations) > 1')).toBe(true);
  });

  it('refuses every other way of reading the counter', () => {
    for (const expr of [
      `sum by (user_id) (rate(${M}[5m]))`, // one result per user: a left-out user's zero would vanish
      `sum without (model) (rate(${M}[5m]))`, // keeps user_id
      `max(rate(${M}[5m]))`,
      `count(${M})`,
      `rate(${M}[5m]) > 0`,
      `sum(rate(${M}{user_id="u-1"}[5m]))`, // matches on the label itself
      `sum(rate(${M}[5m]) * 2)`,
      `sum(max_over_time(rate(${M}[5m])[1h:]))`,
      `sum(delta(${M}[5m]))`,
      `sum(rate({__name__=~"lunar_.+"}[5m]))`, // might be the counter
      `absent_over_time(${M}[5m])`,
    ]) {
      expect([expr, proven(expr)]).toEqual([expr, false]);
    }
    // One unproven expression among proven ones is enough to refuse.
    expect(proven(`sum(rate(${M}[5m]))`, `count(${M})`)).toBe(false);
  });
});
