/**
 * docs/alerting-policy.md, "What the evidence allows": each share the shipped rules judge rests on a minimum number
 * of events, set so that chance alone — a healthy API, or a partial outage that must not page — crosses the
 * threshold with at most the probability the policy states. The probabilities are exact binomial tails computed
 * here; the thresholds and minimums are read from the rules file, so a rule changed without its evidence fails.
 */
import { describe, expect, it } from 'vitest';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { comparisons } from '../../src/promql/binary-operators.js';
import { loadRuleFile } from '../../src/verify/rules.js';

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** P(X = k) for X ~ Binomial(n, p). */
function pmf(k: number, n: number, p: number): number {
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X / n > share) for X ~ Binomial(n, p). */
function above(n: number, p: number, share: number): number {
  let s = 0;
  for (let k = Math.floor(share * n) + 1; k <= n; k++) s += pmf(k, n, p);
  return s;
}

/** P(X / n < share) for X ~ Binomial(n, p). */
function below(n: number, p: number, share: number): number {
  let s = 0;
  for (let k = 0; k < Math.ceil(share * n); k++) s += pmf(k, n, p);
  return s;
}

const { alerts, records } = loadRuleFile(RULES_FILE);
const exprOf = (name: string): string => (alerts.find((a) => a.name === name) ?? records.find((r) => r.record === name))!.expr;
/** The comparisons of a rule with a literal threshold, as `op value` (e.g. `> 0.2`, `>= 100`). */
const compared = (name: string): string[] => comparisons(exprOf(name)).flatMap((c) => (c.threshold ? [`${c.op} ${c.threshold.value}`] : []));

describe('the evidence of the shipped rules (binomial tails against the policy)', () => {
  it('Claude failures: a healthy Claude (6 %) passes 20 % of 80 calls about once in 200,000 windows, of 100 less than once in a million', () => {
    expect(compared('lunar:claude_failure_ratio:evidence')).toEqual(['>= 80', '>= 80', '>= 80', '>= 80', '>= 80']);
    expect(compared('lunar:claude_failure_ratio:long')).toEqual(['>= 100', '>= 100']);
    expect(compared('LunarGenerationFallbackHigh')).toEqual(['> 0.2', '> 0.2', '< 0.1', '>= 80']);
    // The hour's veto: the shortest window of a 25 % outage (80 calls or more) reads under 10 % one time in 5,000,
    // a single minute that the warning's 15 minutes of keep_firing_for hold; that of a healthy Claude (6 %) most of
    // the time.
    expect(below(80, 0.25, 0.1)).toBeLessThan(3e-4);
    expect(below(80, 0.06, 0.1)).toBeGreaterThan(0.8);
    expect(above(80, 0.06, 0.2)).toBeLessThan(1e-5);
    expect(above(100, 0.06, 0.2)).toBeLessThan(1e-6);
    // The same test at 30 calls, the old per-10-minute guard's scale, is a thousand times likelier.
    expect(above(30, 0.06, 0.2)).toBeGreaterThan(1e-3);
  });

  it('the page: a partial outage of 30 % passes 50 % of 80 calls less than once in 10,000 windows', () => {
    expect(compared('LunarGenerationFallbackCritical')).toEqual(['> 0.5', '< 0.35']);
    expect(above(80, 0.3, 0.5)).toBeLessThan(1e-4);
    // 40 % is the grey zone the policy names: one window in 40 — a page there is not ruled out.
    expect(above(80, 0.4, 0.5)).toBeGreaterThan(1e-2);
  });

  it('the recovery line: the last 10 calls of a healthy Claude read 35 % or more failing one time in 40, of a 70 % outage under 35 % one in 90', () => {
    expect(compared('lunar:claude_failure_ratio:recent')).toEqual(['>= 10', '>= 10', '>= 10', '>= 10']);
    // A healthy Claude fails 6 % by day, up to 12 % at night (timeouts): at 25 % its recent calls re-armed the page
    // one time in 10 at night.
    expect(1 - below(10, 0.12, 0.35)).toBeLessThan(0.03);
    expect(1 - below(10, 0.12, 0.25)).toBeGreaterThan(0.1);
    // The veto of a 70 % outage is a single minute: keep_firing_for holds the page through it.
    expect(below(10, 0.7, 0.35)).toBeLessThan(0.012);
  });

  it('Claude down: 10 failures with none between is never a healthy Claude and hardly ever a partial outage of 35 %', () => {
    expect(compared('LunarClaudeDown').filter((c) => c.startsWith('>='))).toEqual(['>= 10', '>= 15', '>= 30', '>= 30', '>= 20', '>= 30']);
    expect(0.06 ** 10).toBeLessThan(1e-12);
    expect(0.35 ** 10).toBeLessThan(3e-5);
    // A 70 % outage does it one time in 35: a page of the same class, which "mostly down" must get anyway.
  });

  it('api_error: a healthy Claude (3 %) passes 15 % of 80 calls less than once in a million windows', () => {
    expect(compared('LunarClaudeApiErrorRate')).toEqual(['> 0.15']);
    expect(compared('lunar:claude_api_error_ratio:evidence')).toEqual(['>= 80', '>= 80', '>= 80', '>= 80']);
    expect(above(80, 0.03, 0.15)).toBeLessThan(1e-6);
  });

  it('templates: 3× a 5.5 % level is beyond chance on 200 calls', () => {
    expect(compared('lunar:template_ratio:evidence')).toEqual(['>= 200', '>= 200', '>= 200', '>= 200']);
    expect(above(200, 0.055, 3 * 0.055)).toBeLessThan(1e-8);
  });

  it('latency: at a true P95 of 24.5 s (1 % of calls over 30 s), 100 calls read a P95 over 30 s one time in 2,000', () => {
    expect(compared('lunar:claude_latency_p95_seconds:evidence')).toEqual(['>= 100', '>= 100', '>= 100', '>= 100', '>= 100']);
    expect(above(100, 0.01, 0.05)).toBeLessThan(1e-3);
    // With the old guard of 10 calls, one slow call of 10 to 19 made "the P95": a false warning one time in ten.
    expect(above(10, 0.01, 0.05)).toBeGreaterThan(0.09);
  });

  it('cache: a healthy 70 % reads under 30 % of 50 generations less than once in a billion windows', () => {
    expect(compared('lunar:cache_hit_ratio:evidence')).toEqual(['>= 50', '>= 50', '>= 50']);
    expect(compared('LunarCacheHitRateLow')).toEqual(['< 0.3', '> 0.5']);
    expect(below(50, 0.7, 0.3)).toBeLessThan(1e-8);
  });

  it('no activity: no generation where at least 20 were expected happens by chance once in 500 million', () => {
    // 20 expected in 15 min, 30 min, 1 h (3 h before them: 240, 120, 60) and in 3 h (6 h before: 40).
    expect(compared('LunarGenerationNoActivity').filter((c) => c.startsWith('>='))).toEqual(['>= 240', '>= 120', '>= 60', '>= 40']);
    expect(Math.exp(-20)).toBeLessThan(3e-9);
  });
});
