/**
 * Incidents in a calibration window, on hours drawn from known rates (seeded): what the base is and what an
 * incident is are set by the simulation's truth, and findIncidents must find the incident (its ends within an hour)
 * and no hour of a healthy window.
 */
import { describe, expect, it } from 'vitest';
import { RandomSource, type RandomStream } from '../../src/core/random.js';
import { findIncidents, TRAFFIC_SIGNAL } from '../../src/calibrate/incidents.js';
import type { HourBin } from '../../src/calibrate/observations.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-02-02T00:00:00Z');

interface Rates {
  perMinute: number;
  cache: number;
  failing: number;
  hardcoded: number;
}

const HEALTHY: Rates = { perMinute: 12, cache: 0.7, failing: 0.06, hardcoded: 0 };

/** A count of n trials of chance p: exact for small n, the normal approximation above (enough for these tests). */
function binomial(r: RandomStream, n: number, p: number): number {
  if (n < 200) {
    let k = 0;
    for (let i = 0; i < n; i++) if (r.chance(p)) k++;
    return k;
  }
  return Math.max(0, Math.min(n, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * r.normal())));
}

/** 48 hours of a day/night law peaking at 14:00 (a fifth at night), each hour's rates from `at(hour)`. */
function window(seed: number, at: (hour: number) => Rates): HourBin[] {
  const r = new RandomSource(seed).stream('incidents-test');
  return Array.from({ length: 48 }, (_, i) => {
    const rates = at(i);
    const mid = (i + 0.5) % 24;
    const shape = 0.2 + (0.8 * (1 + Math.cos(((2 * Math.PI) / 24) * (mid - 14)))) / 2;
    const mean = rates.perMinute * 60 * shape;
    const generations = Math.max(0, Math.round(mean + Math.sqrt(mean) * r.normal()));
    const cached = binomial(r, generations, rates.cache);
    const calls = generations - cached;
    const failed = binomial(r, calls, rates.failing);
    const hardcoded = binomial(r, failed, rates.hardcoded);
    const ok = calls - failed;
    const slow = binomial(r, ok, 0.05);
    return {
      endMs: START + (i + 1) * HOUR,
      bySource: { claude: ok, db_temporal: cached, db_template: failed - hardcoded, hardcoded },
      byModel: {},
      byFallbackType: { api_error: failed },
      claudeBuckets: { '15': ok - slow, '30': ok, '+Inf': ok },
      fallbackBuckets: { '60': failed, '+Inf': failed },
      outputTokens: ok * 600,
    };
  });
}

const during = (from: number, to: number, incident: Rates, base = HEALTHY) => (h: number): Rates => (h >= from && h < to ? incident : base);

describe('findIncidents', () => {
  it.each([
    ['a trickle (1/min)', 1],
    ["the baseline's 12/min", 12],
    ["the guide's 100/min", 100],
    ['production, 1,000/s', 60_000],
  ])('finds none in healthy days at %s (seeds 1..20)', (_, perMinute) => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = findIncidents(window(seed, () => ({ ...HEALTHY, perMinute })));
      expect([seed, s.incidents]).toEqual([seed, []]);
    }
  });

  it.each([
    ['a partial outage (40 % failing)', { ...HEALTHY, failing: 0.4 }, 'Claude calls failing'],
    ['a cache collapse (10 % cached)', { ...HEALTHY, cache: 0.1 }, 'generations from the cache'],
    ['templates lost (every fallback hardcoded)', { ...HEALTHY, failing: 0.1, hardcoded: 1 }, 'fallbacks served the hardcoded text'],
    ['a traffic drop to a tenth', { ...HEALTHY, perMinute: 1.2 }, TRAFFIC_SIGNAL],
  ] as const)('finds %s of 3 hours at 12/min, and keeps its hours out of the base', (_, incident, signal) => {
    for (let seed = 1; seed <= 10; seed++) {
      const hours = window(seed, during(30, 33, incident));
      const s = findIncidents(hours);
      // One incident, its ends within an hour of the truth's (an edge hour of a night-time incident may hold too
      // few events to stand out: 3 fallbacks, all hardcoded, are not beyond chance), and none of its hours in the base.
      expect(s.incidents, `seed ${seed}`).toHaveLength(1);
      const [i] = s.incidents;
      expect(Math.abs((i.fromMs - START) / HOUR - 30), `seed ${seed}`).toBeLessThanOrEqual(1);
      expect(Math.abs((i.toMs - START) / HOUR - 33), `seed ${seed}`).toBeLessThanOrEqual(1);
      expect(i.signals.map((x) => x.name)).toContain(signal);
      expect(hours.filter((h) => !s.isBase(h)).map((h) => (h.endMs - START) / HOUR - 1)).toEqual(expect.arrayContaining([30, 31, 32]));
    }
  });

  it('finds a long incident (12 of 48 hours) against the weighted median, not the pooled share', () => {
    const s = findIncidents(window(7, during(20, 32, { ...HEALTHY, failing: 0.3 })));
    expect(s.incidents.map((i) => [(i.fromMs - START) / HOUR, (i.toMs - START) / HOUR])).toEqual([[20, 32]]);
    const failing = s.incidents[0].signals.find((x) => x.name === 'Claude calls failing')!;
    // The base share is the healthy 6 %: within 4 binomial standard errors of ~2,000 base calls (±2 points).
    expect(Math.abs(failing.base - 0.06)).toBeLessThan(0.02);
    expect(Math.abs(failing.observed - 0.3)).toBeLessThan(0.05);
  });

  it('finds nothing in too short a window to have a base', () => {
    expect(findIncidents(window(1, () => HEALTHY).slice(0, 5)).incidents).toEqual([]);
  });
});
