import { describe, expect, it } from 'vitest';
import { fitTraffic } from '../../src/calibrate/traffic-fit.js';
import { RandomSource } from '../../src/core/random.js';
import { shapeFactor } from '../../src/scenario/timeline.js';

const HOUR = 3_600_000;

/** Expected count of the hour ending at `end`: the scenario's rate integrated over the hour (fine steps). */
function expectedCount(perMinute: number, peakHour: number, night: number, end: number, weekend?: number): number {
  let sum = 0;
  const shape = { peak_hour: peakHour, night_factor: night, ...(weekend !== undefined ? { weekend_factor: weekend } : {}) };
  for (let i = 0; i < 60; i++) sum += perMinute * shapeFactor({ rate: perMinute / 60, shape }, end - HOUR + (i + 0.5) * 60_000);
  return sum;
}

/** Hours ending from a Monday's 01:00 UTC (2026-01-05), `days` days of them. */
function hoursFromMonday(days: number): number[] {
  const monday = Date.parse('2026-01-05T00:00:00Z');
  return Array.from({ length: days * 24 }, (_, i) => monday + (i + 1) * HOUR);
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

  it('fits a weekly pattern: the weekend factor from exact counts, to 3 decimals, with the day/night law', () => {
    const counts = hoursFromMonday(14).map((end) => ({ endMs: end, count: expectedCount(30, 9, 0.4, end, 0.6) }));
    const fit = fitTraffic(counts);
    expect(fit.weekly).toBe(true);
    expect(fit.weekendFactor!.value).toBeCloseTo(0.6, 3);
    expect(fit.peakPerMinute.value).toBeCloseTo(30, 2);
    expect(fit.nightFactor.value).toBeCloseTo(0.4, 3);
  });

  it('on Poisson counts, finds the weekly factor within 4 of its standard errors, and none where there is none', () => {
    const u = new RandomSource(11).stream('weekly');
    for (const [rate, weekend] of [[12, 0.5], [2, 1.6], [100, 0.9], [12, 1], [1, 1]]) {
      const counts = hoursFromMonday(8).map((end) => ({ endMs: end, count: poisson(expectedCount(rate, 14, 0.2, end, weekend), () => u.next()) }));
      const fit = fitTraffic(counts);
      expect(Math.abs(fit.weekendFactor!.value - weekend)).toBeLessThan(4 * fit.weekendFactor!.se);
      // A weekly pattern is kept only when it is there: 4 standard errors and 5 % from 1.
      expect([rate, weekend, fit.weekly]).toEqual([rate, weekend, weekend !== 1]);
    }
  });

  it('leaves the weekly factor out when the window holds no weekend, and fits as before', () => {
    const counts = hoursFromMonday(4).map((end) => ({ endMs: end, count: expectedCount(30, 9, 0.4, end, 0.5) }));
    const fit = fitTraffic(counts);
    expect(fit.weekendFactor).toBeNull();
    expect(fit.weekly).toBe(false);
    expect(fit.peakPerMinute.value).toBeCloseTo(30, 4);
  });
});
