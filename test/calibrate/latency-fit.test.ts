import { describe, expect, it } from 'vitest';
import { fitLatency } from '../../src/calibrate/latency-fit.js';
import { RandomSource } from '../../src/core/random.js';
import { DURATION_BUCKETS } from '../../src/metrics/catalogue.js';

/** Cumulative bucket counts of `n` calls drawn as model/generation.ts draws a successful call. */
function histogram(n: number, ttft: number, speed: number, seed: number): number[] {
  const s = new RandomSource(seed).stream('latency');
  const counts = new Array<number>(DURATION_BUCKETS.length + 1).fill(0);
  for (let k = 0; k < n; k++) {
    const out = Math.min(2048, Math.max(1, Math.round(s.logNormal(600, 0.2))));
    const seconds = s.logNormal(ttft, 0.35) + out / s.logNormal(speed, 0.12);
    if (seconds > 60) continue;
    const j = DURATION_BUCKETS.findIndex((b) => seconds <= b);
    counts[j === -1 ? DURATION_BUCKETS.length : j]++;
  }
  return counts.map((_, j) => counts.slice(0, j + 1).reduce((a, b) => a + b, 0));
}

const inputs = (cumulative: number[]) => ({
  bounds: DURATION_BUCKETS,
  cumulative,
  outputMedian: 600,
  sigmas: { ttft: 0.35, output: 0.2, speed: 0.12 },
  outputMax: 2048,
  timeoutSeconds: 60,
});

describe('fitLatency', () => {
  it.each([
    [1.6, 70],
    [4, 30],
  ])('recovers the mean call time of ttft %s s at %s tokens/s, and fits the buckets', (ttft, speed) => {
    const cumulative = histogram(20_000, ttft, speed, 3);
    const fit = fitLatency(inputs(cumulative));
    // The ridge: ttft and speed trade against each other, the call time they make does not. 3 %: the Monte Carlo's
    // and the sample's noise on a mean of 20,000 calls are well under 1 %.
    const mean = (t: number, v: number) => t * Math.exp(0.35 ** 2 / 2) + (600 * Math.exp(0.2 ** 2 / 2)) / (v * Math.exp(-(0.12 ** 2) / 2));
    expect(Math.abs(mean(fit.ttftMedian.value, fit.speedMedian.value) / mean(ttft, speed) - 1)).toBeLessThan(0.03);
    // Goodness of fit: the deviance of 20 buckets, 2 fitted parameters, is chi-square with ~17 degrees of freedom;
    // 60 is far in its tail (p < 1e-6).
    expect(fit.deviance).toBeLessThan(60);
    expect(fit.observed.reduce((a, b) => a + b, 0)).toBe(cumulative[cumulative.length - 1]);
    expect(fit.ttftMedian.se).toBeGreaterThan(0);
    // Each median within 4 standard errors, ×√2: the fit's 20,000 Monte Carlo draws add as much noise as the
    // 20,000 observed calls, which the standard error (the data's alone) does not count.
    expect(Math.abs(fit.ttftMedian.value - ttft)).toBeLessThan(4 * Math.SQRT2 * fit.ttftMedian.se);
    expect(Math.abs(fit.speedMedian.value - speed)).toBeLessThan(4 * Math.SQRT2 * fit.speedMedian.se);
  });
});
