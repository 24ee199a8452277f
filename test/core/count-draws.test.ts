import { describe, expect, it } from 'vitest';
import { binomial, logGamma, multinomial, poisson } from '../../src/core/count-draws.js';
import { RandomSource } from '../../src/core/random.js';
import { chiSquare, chiSquareBound } from '../support/statistics.js';

const N = 100_000;

function histogram(draw: () => number, n: number): Map<number, number> {
  const h = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = draw();
    h.set(x, (h.get(x) ?? 0) + 1);
  }
  return h;
}

/** Chi-square of draws against a pmf over its support [lo, hi]. */
function fit(draw: () => number, pmf: (k: number) => number, lo: number, hi: number): { statistic: number; df: number } {
  const h = histogram(draw, N);
  const observed: number[] = [];
  const expected: number[] = [];
  for (let k = lo; k <= hi; k++) {
    observed.push(h.get(k) ?? 0);
    expected.push(N * pmf(k));
  }
  const outside = N - observed.reduce((s, x) => s + x, 0);
  observed.push(outside);
  expected.push(Math.max(0, N - expected.reduce((s, x) => s + x, 0)));
  return chiSquare(observed, expected);
}

const poissonPmf = (mu: number) => (k: number): number => Math.exp(-mu + k * Math.log(mu) - logGamma(k + 1));
const binomialPmf = (n: number, p: number) => (k: number): number =>
  Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));

describe('logGamma', () => {
  it('matches log factorials and Γ(1/2) = √π', () => {
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });
});

describe('poisson', () => {
  // Each mean exercises one branch: multiplication of uniforms (< 10) or PTRS (≥ 10).
  for (const mu of [0.05, 3.5, 9.99, 10, 42, 2500]) {
    it(`has the Poisson(${mu}) distribution (chi-square against the pmf)`, () => {
      const random = new RandomSource(11).stream(`p${mu}`);
      const sd = Math.sqrt(mu);
      const { statistic, df } = fit(() => poisson(random, mu), poissonPmf(mu), Math.max(0, Math.floor(mu - 6 * sd)), Math.ceil(mu + 6 * sd + 3));
      expect(statistic).toBeLessThan(chiSquareBound(df));
    });
  }

  it('is 0 for a mean of 0 and deterministic per seed', () => {
    expect(poisson(new RandomSource(1).stream('z'), 0)).toBe(0);
    const a = new RandomSource(5).stream('x');
    const b = new RandomSource(5).stream('x');
    expect(Array.from({ length: 50 }, () => poisson(a, 77))).toEqual(Array.from({ length: 50 }, () => poisson(b, 77)));
  });
});

describe('binomial', () => {
  // Inversion (n·p ≤ 30) and BTPE (n·p > 30), and p above 1/2 (drawn as n − Binomial(n, 1 − p)).
  for (const [n, p] of [[20, 0.3], [1000, 0.02], [400, 0.25], [15_000, 0.3], [5000, 0.97]] as const) {
    it(`has the Binomial(${n}, ${p}) distribution (chi-square against the pmf)`, () => {
      const random = new RandomSource(12).stream(`b${n}/${p}`);
      const sd = Math.sqrt(n * p * (1 - p));
      const lo = Math.max(0, Math.floor(n * p - 6 * sd));
      const hi = Math.min(n, Math.ceil(n * p + 6 * sd));
      const { statistic, df } = fit(() => binomial(random, n, p), binomialPmf(n, p), lo, hi);
      expect(statistic).toBeLessThan(chiSquareBound(df));
    });
  }

  it('handles the edges: no trials, p = 0, p = 1', () => {
    const r = new RandomSource(1).stream('e');
    expect([binomial(r, 0, 0.5), binomial(r, 10, 0), binomial(r, 10, 1)]).toEqual([0, 0, 10]);
  });
});

describe('multinomial', () => {
  it('splits the whole count, each part binomial in mean', () => {
    const r = new RandomSource(3).stream('m');
    const p = [0.5, 0.3, 0.15, 0.05];
    const totals = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      let sum = 0;
      multinomial(r, 1000, p, (k, c) => {
        totals[k] += c;
        sum += c;
      });
      expect(sum).toBe(1000);
    }
    // 2,000,000 trials: each share within 6 standard errors (≤ 0.0021).
    totals.forEach((t, k) => expect(Math.abs(t / 2e6 - p[k])).toBeLessThan(6 * Math.sqrt((p[k] * (1 - p[k])) / 2e6)));
  });
});
