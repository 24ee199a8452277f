import { describe, expect, it } from 'vitest';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { compressExpression } from '../../src/promql/compress.js';
import { durationSites } from '../../src/promql/durations.js';
import { nodesNamed, parsePromql, textOf } from '../../src/promql/syntax.js';
import { loadAlertRules } from '../../src/verify/rules.js';

/** The names of the functions an expression calls, in document order. */
function calls(expr: string): string[] {
  const { tree } = parsePromql(expr);
  return nodesNamed(tree, new Set(['FunctionIdentifier'])).map((n) => textOf(expr, n));
}

describe('compressExpression on the shipped rules', () => {
  const rules = loadAlertRules(RULES_FILE);

  it.each(rules.map((r) => [r.name, r.expr]))('%s: every duration ÷ 60, every per-second function ÷ 60, nothing refused', (_name, expr) => {
    const c = compressExpression(expr, 60);
    expect(c.problems).toEqual([]);
    const before = durationSites(expr).map((s) => [s.kind, s.ms / 60]);
    expect(durationSites(c.expr).map((s) => [s.kind, s.ms])).toEqual(before);
    const perSecond = calls(expr).filter((f) => f === 'rate' || f === 'irate' || f === 'deriv').length;
    expect(c.scaled).toBe(perSecond);
    // Each per-second call now sits in "( … / 60)"; the other functions are untouched.
    expect(c.expr.split(' / 60)').length - 1).toBe(perSecond);
    expect(calls(c.expr)).toEqual(calls(expr));
  });

  it('leaves every rule as it is at speed 1', () => {
    for (const r of rules) expect(compressExpression(r.expr, 1)).toEqual({ expr: r.expr, scaled: 0, problems: [] });
  });
});

describe('compressExpression on crafted cases', () => {
  it('divides a per-second rate right where it is computed, so a constant keeps its meaning', () => {
    expect(compressExpression('sum(rate(x_total[5m])) * 60 > 100', 60).expr).toBe('sum((rate(x_total[5s]) / 60)) * 60 > 100');
    expect(compressExpression('irate(x[1m]) > 2', 10).expr).toBe('(irate(x[6s]) / 10) > 2');
    expect(compressExpression('deriv(g[10m]) < 0', 2).expr).toBe('(deriv(g[5m]) / 2) < 0');
  });

  it('leaves totals alone: increase over the compressed window holds the same samples', () => {
    expect(compressExpression('increase(x[24h]) * 0.002 > 10', 60)).toEqual({ expr: 'increase(x[24m]) * 0.002 > 10', scaled: 0, problems: [] });
  });

  it('compresses offsets (negative ones too), subquery ranges and steps, and nests per-second calls correctly', () => {
    expect(compressExpression('rate(x[6h] offset 15m) > 0 unless x offset -1h', 60).expr).toBe('(rate(x[6m] offset 15s) / 60) > 0 unless x offset -1m');
    expect(compressExpression('max_over_time(rate(x[1m])[1h:5m])', 60).expr).toBe('max_over_time((rate(x[1s]) / 60)[1m:5s])');
    expect(compressExpression('rate(rate(x[1m])[5m:1m])', 60).expr).toBe('(rate((rate(x[1s]) / 60)[5s:1s]) / 60)');
  });

  it("scales predict_linear's horizon, a number or a duration of seconds", () => {
    expect(compressExpression('predict_linear(x[1h], 3600) < 0', 60).expr).toBe('predict_linear(x[1m], 60) < 0');
    expect(compressExpression('predict_linear(x[1h], 4h) < 0', 60).expr).toBe('predict_linear(x[1m], 4m) < 0');
    expect(compressExpression('predict_linear(x[1h], 3600 * 4) < 0', 60).problems).toEqual([
      'predict_linear() needs its horizon as a number or a duration to compress it, not 3600 * 4',
    ]);
  });

  it('does not touch a duration compared with a value: it may be a latency', () => {
    expect(compressExpression('histogram_quantile(0.95, sum by (le) (rate(d_bucket[10m]))) > 30', 60).expr).toBe(
      'histogram_quantile(0.95, sum by (le) ((rate(d_bucket[10s]) / 60))) > 30',
    );
  });

  it('reports what reads the wall clock, and @ pinned to a timestamp; @ start()/end() are fine', () => {
    expect(compressExpression('time() - timestamp(x) > 300', 60).problems).toEqual([
      'time() reads the wall clock, which runs 60× slower than simulated time',
      'timestamp() reads the wall clock, which runs 60× slower than simulated time',
    ]);
    expect(compressExpression('hour() == 3', 60).problems).toHaveLength(1);
    expect(compressExpression('x @ 1600000000', 60).problems).toEqual(['@ 1600000000 pins a real timestamp, not a simulated one']);
    expect(compressExpression('x @ end()', 60).problems).toEqual([]);
  });

  it('compresses a range written in plain seconds, and reports duration arithmetic it cannot follow', () => {
    expect(compressExpression('increase(x[3600])', 60).expr).toBe('increase(x[1m])');
    expect(compressExpression('rate(x[1s*7])', 60).problems).toEqual(['duration arithmetic 1s*7 is not compressed']);
    expect(compressExpression('x offset (1s*7)', 60).problems).toEqual(['duration arithmetic 1s*7 is not compressed']);
  });

  it('keeps label values that look like durations or calls as they are', () => {
    expect(compressExpression('rate(x{path="/rate(y[5m])"}[5m])', 60).expr).toBe('(rate(x{path="/rate(y[5m])"}[5s]) / 60)');
  });

  it('refuses a speed that is not positive and an expression that does not parse', () => {
    expect(() => compressExpression('x', 0)).toThrow(/speed/);
    expect(() => compressExpression('sum(rate(x[5m])', 60)).toThrow(/syntax error/);
  });
});
