import { describe, expect, it } from 'vitest';
import { arrivalTimes } from '../../src/load/arrivals.js';
import {
  constantSchedule,
  meanRate,
  parseStages,
  peakRate,
  plannedArrivals,
  rampingSchedule,
  scheduleDurationMs,
  type Schedule,
} from '../../src/load/schedule.js';

const times = (s: Schedule): number[] => [...arrivalTimes(s, 'constant', 1)];

/** Compares arrival times to the microsecond: they are computed in floating point from exact formulas. */
function expectTimes(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((t, i) => expect(t).toBeCloseTo(expected[i], 3));
}

describe('constant arrival rate', () => {
  it('sends the first request at once and one every 1/rate after, on [0, duration) like k6', () => {
    expectTimes(times(constantSchedule(10, 1000)), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expectTimes(times(constantSchedule(3, 1000)), [0, 1000 / 3, 2000 / 3]);
    expectTimes(times(constantSchedule(0.5, 5000)), [0, 2000, 4000]);
  });

  it('plans rate × duration arrivals, rounded up', () => {
    expect(plannedArrivals(constantSchedule(50, 2000))).toBe(100);
    expect(plannedArrivals(constantSchedule(3, 1000))).toBe(3);
    expect(plannedArrivals(constantSchedule(0.5, 5000))).toBe(3);
    expect(times(constantSchedule(50, 2000))).toHaveLength(100);
  });
});

describe('ramping arrival rate', () => {
  it('ramps from 0/s: arrival n when the area under the rate line reaches n, as k6 computes it', () => {
    // 0 → 10/s over 2 s: area(t) = 2.5 t², so arrival n is due at √(n / 2.5) s; the 10th at the very end.
    const expected = Array.from({ length: 10 }, (_, i) => Math.sqrt((i + 1) / 2.5) * 1000);
    expectTimes(times(rampingSchedule([{ durationMs: 2000, rate: 10 }])), expected);
  });

  it('jumps with a 0s stage, holds, then ramps down to 0', () => {
    const schedule = rampingSchedule([
      { durationMs: 0, rate: 10 },
      { durationMs: 1000, rate: 10 },
      { durationMs: 1000, rate: 0 },
    ]);
    // Held at 10/s: areas 1..10 at 0.1 s … 1 s. Then 10 → 0/s over 1 s: area(t) = 10t − 5t², so area a is reached
    // at t = 1 − √(1 − a/5): the 5 remaining arrivals, the last exactly at the end.
    const held = Array.from({ length: 10 }, (_, i) => (i + 1) * 100);
    const down = [1, 2, 3, 4, 5].map((a) => 1000 + (1 - Math.sqrt(1 - a / 5)) * 1000);
    expectTimes(times(schedule), [...held, ...down]);
    expect(plannedArrivals(schedule)).toBe(15);
    expect(scheduleDurationMs(schedule)).toBe(2000);
    expect(peakRate(schedule)).toBe(10);
    expect(meanRate(schedule)).toBe(7.5);
  });

  it('carries a fraction of an arrival from one stage to the next', () => {
    // 2/s for 1.25 s holds 2.5 arrivals (at 0.5 s, 1 s); the third is due 0.25 s into the 4/s stage (area 0.5 more).
    const schedule = rampingSchedule([
      { durationMs: 0, rate: 2 },
      { durationMs: 1250, rate: 2 },
      { durationMs: 0, rate: 4 },
      { durationMs: 500, rate: 4 },
    ]);
    expectTimes(times(schedule), [500, 1000, 1375, 1625]);
  });
});

describe('parseStages', () => {
  it('reads DURATION:RATE stages', () => {
    expect(parseStages('30s:10/s, 1m:200/s,30s:0/s')).toEqual([
      { durationMs: 30_000, rate: 10 },
      { durationMs: 60_000, rate: 200 },
      { durationMs: 30_000, rate: 0 },
    ]);
    expect(parseStages('0s:600/min,10s:600/min')).toEqual([
      { durationMs: 0, rate: 10 },
      { durationMs: 10_000, rate: 10 },
    ]);
  });

  it('names the first problem', () => {
    expect(parseStages('30s:10/s,oops')).toBe('stage 2 "oops": expected DURATION:RATE such as 30s:10/s');
    expect(parseStages('30s')).toMatch(/stage 1 "30s": expected DURATION:RATE/);
    expect(parseStages('1s:30000/s')).toBe('stage 1 "1s:30000/s": at most 20000/s');
    expect(parseStages('0s:10/s')).toBe('the stages last 0s: give at least one a duration');
    expect(parseStages('13h:1/s,12h:1/s')).toBe('the stages last more than 24h');
    expect(parseStages('10s:0/s')).toBe('every stage targets 0/s: nothing would be sent');
    expect(parseStages(Array(101).fill('1s:1/s').join(','))).toBe('at most 100 stages');
  });
});
