import { describe, expect, it } from 'vitest';
import { arrivalTimes } from '../../src/load/arrivals.js';
import { constantSchedule, rampingSchedule, type Schedule } from '../../src/load/schedule.js';

// Evenly spaced arrivals are checked, time by time, in schedule.test.ts.
const times = (s: Schedule, seed: number): number[] => [...arrivalTimes(s, 'poisson', seed)];

describe('Poisson arrivals', () => {
  it('are reproducible for a seed and differ between seeds', () => {
    const s = constantSchedule(100, 10_000);
    expect(times(s, 7)).toEqual(times(s, 7));
    expect(times(s, 7)).not.toEqual(times(s, 8));
  });

  it('average rate × duration: the count of a Poisson process with mean 10,000 (σ = 100) within 5σ', () => {
    const t = times(constantSchedule(100, 100_000), 3);
    expect(Math.abs(t.length - 10_000)).toBeLessThan(500);
    expect(t.every((x, i) => x >= 0 && x < 100_000 && (i === 0 || x >= t[i - 1]))).toBe(true);
  });

  it('follow a ramp: 0 → 100/s over 100 s puts a quarter of the 5,000 arrivals in the first half', () => {
    const t = times(rampingSchedule([{ durationMs: 100_000, rate: 100 }]), 4);
    // Means 5,000 in all and 1,250 in the first 50 s (area ∝ t²); Poisson σ = 71 and 35: allow 5σ.
    expect(Math.abs(t.length - 5000)).toBeLessThan(355);
    expect(Math.abs(t.filter((x) => x < 50_000).length - 1250)).toBeLessThan(177);
  });
});
