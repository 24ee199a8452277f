import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { Timeline, shapeFactor } from '../../src/scenario/timeline.js';

const H = 3_600_000;
const M = 60_000;
const scenario = parseScenario(
  `name: t
summary: timeline
seed: 1
warmup: 1h
duration: 4h
traffic: { rate: 60/min }
phases:
  - name: ramp-up
    at: 1h
    ramp: 20m
    traffic: { rate: 180/min }
    profile: { cache: { hit_ratio: 0.1 } }
  - name: down
    at: 2h
    down: true
  - name: back
    at: 3h
`,
  't.yaml',
);
const t0 = scenario.start;
const timeline = new Timeline(scenario);

describe('Timeline', () => {
  it('uses the base profile and traffic in the warm-up and before the first phase', () => {
    expect(timeline.phaseAt(t0 - 30 * M)).toBe('base');
    expect(timeline.rateAt(t0 + 30 * M)).toBeCloseTo(1);
    expect(timeline.profileAt(t0).cache.hit_ratio).toBe(0.7);
  });

  it('ramps numbers linearly from the previous phase', () => {
    expect(timeline.rateAt(t0 + H + 10 * M)).toBeCloseTo(2); // halfway from 1/s to 3/s
    expect(timeline.profileAt(t0 + H + 10 * M).cache.hit_ratio).toBeCloseTo(0.4, 2);
    expect(timeline.profileAt(t0 + H + 20 * M).cache.hit_ratio).toBe(0.1);
  });

  it('has no arrivals while down, and is not cumulative: a phase without changes is back to base', () => {
    expect(timeline.isDown(t0 + 2.5 * H)).toBe(true);
    expect(timeline.rateAt(t0 + 2.5 * H)).toBe(0);
    expect(timeline.isDown(t0 + 3 * H)).toBe(false);
    expect(timeline.rateAt(t0 + 3.5 * H)).toBeCloseTo(1);
    expect(timeline.profileAt(t0 + 3.5 * H).cache.hit_ratio).toBe(0.7);
  });

  it('bounds the rate over any interval from above (thinning relies on it)', () => {
    for (let a = t0 - H; a < t0 + 4 * H; a += 7 * M) {
      const bound = timeline.maxRateBetween(a, a + M);
      for (let t = a; t <= a + M; t += 5000) expect(timeline.rateAt(t)).toBeLessThanOrEqual(bound + 1e-12);
    }
  });

  it('shapes traffic by time of day: 1 at the peak hour, night_factor twelve hours later', () => {
    const shaped = { rate: 1, shape: { peak_hour: 14, night_factor: 0.2 } };
    const day = Date.parse('2026-01-05T00:00:00Z');
    expect(shapeFactor(shaped, day + 14 * H)).toBeCloseTo(1);
    expect(shapeFactor(shaped, day + 2 * H)).toBeCloseTo(0.2);
    expect(shapeFactor(shaped, day + 8 * H)).toBeCloseTo(0.6);
  });

  it('multiplies the whole day by weekend_factor on Saturdays and Sundays, UTC, and by 1 otherwise', () => {
    const shaped = { rate: 1, shape: { peak_hour: 14, night_factor: 0.2, weekend_factor: 0.5 } };
    // 2026-01-02 is a Friday: its last minute is a weekday's, Saturday's first minute a weekend's, Monday's a weekday's.
    expect(shapeFactor(shaped, Date.parse('2026-01-02T14:00:00Z'))).toBeCloseTo(1);
    expect(shapeFactor(shaped, Date.parse('2026-01-02T23:59:59Z'))).toBeCloseTo(shapeFactor({ rate: 1, shape: { peak_hour: 14, night_factor: 0.2 } }, Date.parse('2026-01-02T23:59:59Z')));
    expect(shapeFactor(shaped, Date.parse('2026-01-03T14:00:00Z'))).toBeCloseTo(0.5);
    expect(shapeFactor(shaped, Date.parse('2026-01-04T02:00:00Z'))).toBeCloseTo(0.1);
    expect(shapeFactor(shaped, Date.parse('2026-01-05T14:00:00Z'))).toBeCloseTo(1);
  });

  it('bounds a weekly shape from above over any interval, a weekend above the weekdays included', () => {
    for (const weekend_factor of [0.3, 2.5]) {
      const weekly = parseScenario(`name: w\nsummary: weekly\nseed: 1\nstart: 2026-01-01T00:00:00Z\nduration: 7d\ntraffic: { rate: 60/min, shape: { peak_hour: 20, night_factor: 0.1, weekend_factor: ${weekend_factor} } }\n`, 'w.yaml');
      const line = new Timeline(weekly);
      for (let a = weekly.start; a < weekly.start + 7 * 24 * H; a += 37 * M) {
        const bound = line.maxRateBetween(a, a + 2 * H);
        for (let t = a; t <= a + 2 * H; t += 5 * M) expect(line.rateAt(t)).toBeLessThanOrEqual(bound + 1e-12);
      }
      // The bound of the whole week is the weekend's peak when the weekend is busier.
      expect(line.maxRateBetween(weekly.start, weekly.start + 7 * 24 * H)).toBeCloseTo(Math.max(1, weekend_factor));
    }
  });
});

describe('Timeline of a fleet', () => {
  const fleet = parseScenario(
    `name: f
summary: fleet
seed: 1
duration: 2h
traffic: { rate: 60/min }
fleet: { replicas: 3 }
phases:
  - name: one-slow
    at: 10m
    replicas: [1]
    profile: { cache: { hit_ratio: 0.2 } }
  - name: deploy
    at: 30m
    rollout: { every: 5m }
  - name: one-down
    at: 1h
    replicas: [2]
    down: true
  - name: drain-and-restart
    at: 1h30m
    replicas: [0]
    drain: true
    restart: true
`,
    'f.yaml',
  );
  const tl = new Timeline(fleet);
  const f0 = fleet.start;

  it('applies a scoped phase to its replicas only; the others run the base profile', () => {
    expect(tl.profileAt(f0 + 20 * M, 1).cache.hit_ratio).toBe(0.2);
    expect(tl.profileAt(f0 + 20 * M, 0).cache.hit_ratio).toBe(0.7);
    expect(tl.isDown(f0 + 70 * M, 2)).toBe(true);
    expect(tl.isDown(f0 + 70 * M)).toBe(false);
    expect(tl.rateAt(f0 + 70 * M)).toBeCloseTo(1);
  });

  it('lists what happens to each replica and when', () => {
    const at = (m: number): number => f0 + m * M;
    expect(tl.replicaTransitions()).toEqual([
      { at: at(30), slot: 0, change: 'replace' },
      { at: at(35), slot: 1, change: 'replace' },
      { at: at(40), slot: 2, change: 'replace' },
      { at: at(60), slot: 2, change: 'crash' },
      { at: at(90), slot: 0, change: 'drain' },
      { at: at(90), slot: 2, change: 'recover' },
      { at: at(90), slot: 0, change: 'restart' },
    ]);
  });
});
