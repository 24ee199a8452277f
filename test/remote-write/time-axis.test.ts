import { describe, expect, it } from 'vitest';
import { MAX_HISTORY_SAMPLES, parseScenarioTime, parseStartAt, planHistory } from '../../src/remote-write/time-axis.js';
import { loadScenario } from '../../src/scenario/catalogue.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const baseline = loadScenario('baseline'); // 24 h warm-up, 24 h, 15 s step, time 0 = 2026-01-05T00:00Z
const now = Date.parse('2026-11-29T20:07:13.456Z');
const series = () => 108;

describe('push time axis', () => {
  it('reads scenario times with a sign', () => {
    expect(parseScenarioTime('from', '-12h')).toBe(-12 * HOUR);
    expect(parseScenarioTime('to', '6d')).toBe(6 * DAY);
    expect(parseScenarioTime('to', '0s')).toBe(0);
    expect(() => parseScenarioTime('from', 'yesterday')).toThrow('--from yesterday: expected scenario time such as -12h, 0s or 6d');
  });

  it('reads --start-at as an ISO date-time, now, or now minus a duration rounded down to the step', () => {
    expect(parseStartAt('2026-03-02T10:00:00Z', now, 15_000)).toBe(Date.parse('2026-03-02T10:00:00Z'));
    expect(parseStartAt('2026-03-02T10:00:00+02:00', now, 15_000)).toBe(Date.parse('2026-03-02T08:00:00Z'));
    expect(parseStartAt('now', now, 15_000)).toBe(Date.parse('2026-11-29T20:07:00Z'));
    expect(parseStartAt('now-7d', now, 15_000)).toBe(Date.parse('2026-11-22T20:07:00Z'));
    expect(() => parseStartAt('now-a-week', now, 15_000)).toThrow(/expected now-<duration>/);
    expect(() => parseStartAt('2026-03-02', now, 15_000)).toThrow(/expected an ISO date-time/);
    expect(() => parseStartAt('tomorrow', now, 15_000)).toThrow(/expected an ISO date-time/);
  });

  it('sends the whole history by default, and stretches the run to cover a longer span', () => {
    const whole = planHistory(baseline, {}, now, series);
    expect(whole.fromMs).toBe(baseline.start - DAY);
    expect(whole.toMs).toBe(baseline.start + DAY);
    expect(whole.scenario).toEqual(baseline);
    const week = planHistory(baseline, { from: -2 * DAY, to: 6 * DAY }, now, series);
    expect(week.scenario.warmup).toBe(2 * DAY);
    expect(week.scenario.duration).toBe(6 * DAY);
    expect(week.toMs - week.fromMs).toBe(8 * DAY);
  });

  it('refuses a --start-at that puts the history outside the times a scenario may have', () => {
    expect(() => planHistory(baseline, { startAt: Date.parse('1969-12-31T00:00:00Z') }, now, series)).toThrow(
      /^--start-at: the run would begin at 1969-12-31T00:00:00\.000Z \(start − warmup\), before 1970-01-01T00:00:00\.000Z/,
    );
  });

  it('moves time 0 so that the first sample sent lands at --start-at', () => {
    const startAt = parseStartAt('now-7d', now, baseline.step);
    const p = planHistory(baseline, { to: 6 * DAY, startAt }, now, series);
    expect(p.fromMs).toBe(startAt);
    expect(p.scenario.start).toBe(startAt + DAY);
    expect(p.toMs).toBeLessThanOrEqual(now);
  });

  it('refuses an empty span, a history in the future, and one too large to hold', () => {
    expect(() => planHistory(baseline, { from: HOUR, to: HOUR }, now, series)).toThrow('--from 1h must come before --to 1h');
    expect(() => planHistory(baseline, { startAt: now }, now, series)).toThrow(/in the future: receivers refuse future samples; pass --start-at now-2d$/);
    expect(() => planHistory(baseline, { to: 400 * DAY }, now, series)).toThrow(
      new RegExp(`would send about [\\d,]+ samples \\(limit ${MAX_HISTORY_SAMPLES.toLocaleString('en-US')}\\)`),
    );
  });
});
