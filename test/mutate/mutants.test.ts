import { describe, expect, it } from 'vitest';
import { deriveMutants } from '../../src/mutate/mutants.js';
import { parsePromql } from '../../src/promql/syntax.js';
import type { AlertRule } from '../../src/verify/rules.js';

const rule = (name: string, expr: string, forMs = 600_000, keepFiringForMs = 0): AlertRule => ({
  name, expr, forMs, keepFiringForMs, labels: {}, annotations: {}, group: 'g', intervalMs: 60_000,
});

const ratio = rule(
  'Ratio',
  'sum(rate(bad[10m])) / sum(rate(all[10m])) > 0.2 and on() sum(increase(all[10m])) >= 20',
  600_000,
  300_000,
);

describe('deriveMutants', () => {
  const mutants = deriveMutants([ratio]);
  const ids = mutants.map((m) => m.id);

  it('moves every threshold ×0.8 and ×1.25, guards included, and flips every comparison', () => {
    expect(ids).toEqual(expect.arrayContaining([
      'Ratio: threshold `> 0.2` → 0.16',
      'Ratio: threshold `> 0.2` → 0.25',
      'Ratio: comparison `> 0.2` → `< 0.2`',
      'Ratio: threshold `>= 20` → 16',
      'Ratio: threshold `>= 20` → 25',
      'Ratio: comparison `>= 20` → `<= 20`',
    ]));
    expect(mutants.find((m) => m.id === 'Ratio: threshold `> 0.2` → 0.16')!.rule.expr).toBe(
      'sum(rate(bad[10m])) / sum(rate(all[10m])) > 0.16 and on() sum(increase(all[10m])) >= 20',
    );
  });

  it('halves and doubles a window everywhere it appears at once, so a ratio keeps one window', () => {
    const half = mutants.find((m) => m.id === 'Ratio: window 10m → 5m (3 places)')!;
    expect(half.rule.expr).toBe('sum(rate(bad[5m])) / sum(rate(all[5m])) > 0.2 and on() sum(increase(all[5m])) >= 20');
    expect(ids).toContain('Ratio: window 10m → 20m (3 places)');
  });

  it('drops each guard clause', () => {
    const dropped = mutants.find((m) => m.operator === 'drop-clause')!;
    expect(dropped.rule.expr).toBe('sum(rate(bad[10m])) / sum(rate(all[10m])) > 0.2');
  });

  it('halves, doubles and zeroes `for` and `keep_firing_for`, leaving the expression alone', () => {
    const timing = mutants.filter((m) => m.operator === 'for' || m.operator === 'keep_firing_for');
    expect(timing.map((m) => m.id)).toEqual([
      'Ratio: for 10m → 5m', 'Ratio: for 10m → 20m', 'Ratio: for 10m → 0s',
      'Ratio: keep_firing_for 5m → 2m30s', 'Ratio: keep_firing_for 5m → 10m', 'Ratio: keep_firing_for 5m → 0s',
    ]);
    expect(timing.every((m) => m.rule.expr === ratio.expr)).toBe(true);
    expect(timing[4].rule.keepFiringForMs).toBe(600_000);
  });

  it('treats a literal factor of the compared side as the threshold (`a > 3 * b`), and moves zero thresholds by one', () => {
    const spike = deriveMutants([rule('Spike', 'sum(rate(t[10m])) > 3 * sum(rate(t[6h] offset 15m))')]).map((m) => m.id);
    expect(spike).toEqual(expect.arrayContaining(['Spike: factor `> 3` → 2.4', 'Spike: factor `> 3` → 3.75', 'Spike: offset 15m → 7m30s', 'Spike: offset 15m → 30m']));
    const zero = deriveMutants([rule('Zero', 'sum(increase(x[10m])) > 0', 0)]).map((m) => m.id);
    expect(zero.filter((id) => !/aggregation|instance/.test(id))).toEqual(['Zero: threshold `> 0` → -1', 'Zero: threshold `> 0` → 1', 'Zero: comparison `> 0` → `< 0`', 'Zero: window 10m → 5m', 'Zero: window 10m → 20m']);
  });

  it('numbers the same change at several places of one rule, so that every id names one mutant', () => {
    const twice = deriveMutants([rule('Twice', 'a >= 30 and on() b == 0 or c >= 30 and on() d == 0')]).map((m) => m.id);
    expect(twice).toEqual(expect.arrayContaining(['Twice: threshold `>= 30` → 24 [1/2]', 'Twice: threshold `>= 30` → 24 [2/2]']));
    expect(new Set(twice).size).toBe(twice.length);
  });

  it('drops either side of an `or`', () => {
    const either = deriveMutants([rule('Either', 'sum(x) == 0 or absent(x)')]).filter((m) => m.operator === 'drop-clause');
    expect(either.map((m) => m.rule.expr)).toEqual(['sum(x) == 0', 'absent(x)']);
  });

  it('yields only expressions that parse, each once, and none equal to the original', () => {
    for (const m of mutants) expect(() => parsePromql(m.rule.expr)).not.toThrow();
    expect(new Set(ids).size).toBe(ids.length);
    // `for: 0` has nothing to halve or double: no mutant repeats the original rule.
    const zeroFor = deriveMutants([rule('Z', 'x > 1', 0)]);
    expect(zeroFor.filter((m) => m.operator === 'for')).toEqual([]);
  });
});
