import { describe, expect, it } from 'vitest';
import { fitTraffic } from '../../src/calibrate/traffic-fit.js';
import { RandomSource } from '../../src/core/random.js';
import { shapeFactor } from '../../src/scenario/timeline.js';

const HOUR = 3_600_000;

/** Expected count of the hour ending at `end`: the scenario's rate integrated over the hour (fine steps). */
function expectedCount(perMinute: number, peakHour: number, night: number, end: number): number {
  let sum = 0;
  for (let i = 0; i < 60; i++) sum += perMinute * shapeFactor({ rate: perMinute / 60, shape: { peak_hour: peakHour, night_factor: night } }, end - HOUR + (i + 0.5) * 60_000);
  return sum;
}

/** Poisson draw by inversion (counts here are small to moderate). */
function poisson(mean: number, u: () => number): number {
  if (mean > 500) return Math.round(mean + Math.sqrt(mean) * (u() + u() + u() + u() + u() + u() - 3) * Math.SQRT2);
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const x = u();
  while (x > s) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

describe('fitTraffic', () => {
  it('recovers rate, peak hour and night factor from exact hourly counts (the test integrates per minute: 4 decimals)', () => {
    const counts = Array.from({ length: 72 }, (_, i) => ({ endMs: (i + 1) * HOUR, count: expectedCount(30, 9, 0.4, (i + 1) * HOUR) }));
    const fit = fitTraffic(counts);
    expect(fit.peakPerMinute.value).toBeCloseTo(30, 4);
    expect(fit.peakHour.value).toBeCloseTo(9, 4);
    expect(fit.nightFactor.value).toBeCloseTo(0.4, 4);
  });

  it('on Poisson counts, lands within 4 of its own standard errors (a 1-in-15,000 miss per parameter if normal)', () => {
    const u = new RandomSource(7).stream('counts');
    for (const [rate, peak, night] of [[12, 14, 0.2], [6, 20, 0.1], [120, 3, 0.6]]) {
      const counts = Array.from({ length: 7 * 24 }, (_, i) => ({ endMs: (i + 1) * HOUR, count: poisson(expectedCount(rate, peak, night, (i + 1) * HOUR), () => u.next()) }));
      const fit = fitTraffic(counts);
      expect(Math.abs(fit.peakPerMinute.value - rate)).toBeLessThan(4 * fit.peakPerMinute.se);
      expect(Math.abs(fit.nightFactor.value - night)).toBeLessThan(4 * fit.nightFactor.se);
      const hourError = Math.abs(((fit.peakHour.value - peak + 36) % 24) - 12);
      expect(hourError).toBeLessThan(4 * fit.peakHour.se);
      // The standard errors are those of real information, not zero: 7 days of counts pin the rate to a few percent.
      expect(fit.peakPerMinute.se).toBeGreaterThan(0);
      expect(fit.peakPerMinute.se / rate).toBeLessThan(0.1);
    }
  });
});
