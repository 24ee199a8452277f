import { describe, expect, it } from 'vitest';
import { PoissonArrivals, RegularArrivals, type ArrivalProcess, type RateCurve } from '../../src/core/arrivals.js';
import { RandomSource } from '../../src/core/random.js';

const constant = (perSecond: number): RateCurve => ({ rateAt: () => perSecond, maxRateBetween: () => perSecond });

function collect(a: ArrivalProcess, until: number, chunk: number): number[] {
  const out: number[] = [];
  for (let limit = chunk; limit <= until; limit += chunk) {
    for (let t = a.peek(limit); t !== null; t = a.peek(limit)) {
      out.push(t);
      a.take();
    }
  }
  return out;
}

describe('PoissonArrivals', () => {
  it('produces rate × time arrivals on average', () => {
    const times = collect(new PoissonArrivals(constant(2), new RandomSource(1).stream('a'), 0), 10_000_000, 1000);
    // 20,000 expected; a Poisson count has σ = √20,000 ≈ 141: allow 5σ.
    expect(Math.abs(times.length - 20_000)).toBeLessThan(710);
  });

  it('has Poisson dispersion: the variance of counts per minute equals their mean', () => {
    const times = collect(new PoissonArrivals(constant(1), new RandomSource(2).stream('a'), 0), 6_000_000, 60_000);
    const counts = new Array<number>(100).fill(0);
    for (const t of times) counts[Math.floor(t / 60_000)]++;
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (counts.length - 1);
    // For 100 Poisson(60) counts the variance/mean ratio has σ ≈ √(2/99) ≈ 0.14: allow 4σ.
    expect(Math.abs(variance / mean - 1)).toBeLessThan(0.57);
  });

  it('follows a linear ramp (thinning): three times as many arrivals in the second half of a 0→r ramp', () => {
    const T = 4_000_000;
    const ramp: RateCurve = { rateAt: (t) => (4 * t) / T, maxRateBetween: (_a, b) => (4 * b) / T };
    const times = collect(new PoissonArrivals(ramp, new RandomSource(3).stream('a'), 0), T, 10_000);
    const firstHalf = times.filter((t) => t < T / 2).length;
    const secondHalf = times.length - firstHalf;
    // Expected 2,000 and 6,000 (integrals of the ramp); 5σ of each count: 224 and 387.
    expect(Math.abs(firstHalf - 2000)).toBeLessThan(224);
    expect(Math.abs(secondHalf - 6000)).toBeLessThan(387);
  });

  it('gives the same arrivals however often it is asked', () => {
    const fine = collect(new PoissonArrivals(constant(0.5), new RandomSource(4).stream('a'), 0), 3_600_000, 100);
    const coarse = collect(new PoissonArrivals(constant(0.5), new RandomSource(4).stream('a'), 0), 3_600_000, 900_000);
    expect(coarse).toEqual(fine);
    expect(fine.length).toBeGreaterThan(1000);
  });

  it('makes no arrivals where the rate is 0', () => {
    const gap: RateCurve = {
      rateAt: (t) => (t >= 1_000_000 && t < 2_000_000 ? 0 : 1),
      maxRateBetween: () => 1,
    };
    const times = collect(new PoissonArrivals(gap, new RandomSource(5).stream('a'), 0), 3_000_000, 60_000);
    expect(times.some((t) => t >= 1_000_000 && t < 2_000_000)).toBe(false);
    expect(times.length).toBeGreaterThan(1500);
  });
});

describe('RegularArrivals', () => {
  it('spaces arrivals evenly at a constant rate, half an interval after the origin', () => {
    const times = collect(new RegularArrivals(constant(1 / 30), 1_000_000), 1_000_000 + 300_000, 7_000);
    expect(times).toEqual(Array.from({ length: 10 }, (_, k) => 1_000_000 + 15_000 + k * 30_000));
  });

  it('holds exactly rate × window arrivals in every window whose length is a whole number of intervals', () => {
    const times = collect(new RegularArrivals(constant(1.8 / 60), 0), 4 * 3_600_000, 60_000);
    const tenMinutes = (end: number): number => times.filter((t) => t > end - 600_000 && t <= end).length;
    // 1.8/min: 18 in every 10 minutes (an interval of 33.3 s never puts two arrivals on one window edge).
    expect(new Set(Array.from({ length: 200 }, (_, i) => tenMinutes(600_000 + i * 60_000)))).toEqual(new Set([18]));
  });

  it('follows a change of rate: the expected count, not the spacing, carries over', () => {
    const curve: RateCurve = { rateAt: (t) => (t < 10_000 ? 1 : 2), maxRateBetween: () => 2 };
    const times = collect(new RegularArrivals(curve, 0), 20_000, 1000);
    expect(times.slice(0, 10)).toEqual([500, 1500, 2500, 3500, 4500, 5500, 6500, 7500, 8500, 9500]);
    // From 10 s on, 2/s: ∫rate reaches 10.5, 11, 11.5… every 250 ms after the change.
    expect(times.slice(10, 14)).toEqual([10_250, 10_750, 11_250, 11_750]);
    expect(times.length).toBe(30);
  });
});
