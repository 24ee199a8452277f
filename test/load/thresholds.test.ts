import { describe, expect, it } from 'vitest';
import { checkThresholds, describeFailedChecks, parseShare, THRESHOLD_DEFAULTS, type MeasuredRun } from '../../src/load/thresholds.js';

function measured(over: Partial<MeasuredRun> = {}): MeasuredRun {
  return { due: 100, dropped: 0, sent: 100, errors: 0, sendRate: { target: 50, achieved: 49.5 }, latencyMs: { count: 100, p95: 120, p99: 180 }, ...over };
}

describe('load thresholds', () => {
  it('pass a clean run under the defaults, and skip the latency checks not asked for', () => {
    const checks = checkThresholds(measured(), THRESHOLD_DEFAULTS);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['dropped', true], ['errors', true], ['rate', true]]);
  });

  it('fail a run that mostly failed: the defaults allow at most 10 % dropped or failed and 90 % of the rate', () => {
    // 11 of 100 is past 10 %; 10 of 100 is not (the limit is inclusive, as k6's rate<=0.1).
    expect(checkThresholds(measured({ dropped: 10 }), THRESHOLD_DEFAULTS)[0].ok).toBe(true);
    const dropped = checkThresholds(measured({ dropped: 11 }), THRESHOLD_DEFAULTS)[0];
    expect(dropped).toEqual({ name: 'dropped', limit: '≤ 10 %', actual: '11 % (11 of 100)', ok: false });
    const errors = checkThresholds(measured({ sent: 30, errors: 21 }), THRESHOLD_DEFAULTS)[1];
    expect(errors).toMatchObject({ name: 'errors', actual: '70 % (21 of 30)', ok: false });
    const rate = checkThresholds(measured({ sendRate: { target: 100, achieved: 89 } }), THRESHOLD_DEFAULTS)[2];
    expect(rate).toMatchObject({ name: 'rate', actual: '89 %', ok: false });
    expect(describeFailedChecks([dropped, errors])).toBe('dropped 11 % (11 of 100), limit ≤ 10 %; errors 70 % (21 of 30), limit ≤ 10 %');
  });

  it('judge p95 and p99 when given, and fail them when nothing was answered', () => {
    const t = { ...THRESHOLD_DEFAULTS, p95Ms: 100, p99Ms: 200 };
    const byName = Object.fromEntries(checkThresholds(measured(), t).map((c) => [c.name, c]));
    expect(byName.p95).toEqual({ name: 'p95', limit: '≤ 100 ms', actual: '120.0 ms', ok: false });
    expect(byName.p99.ok).toBe(true);
    const none = checkThresholds(measured({ latencyMs: { count: 0, p95: 0, p99: 0 } }), t);
    expect(none.find((c) => c.name === 'p95')).toMatchObject({ actual: 'no answer', ok: false });
  });

  it('skip a share of nothing: no errors check when nothing was sent, no rate from fewer than two arrivals', () => {
    const names = checkThresholds(measured({ sent: 0, dropped: 100, sendRate: { target: null, achieved: null } }), THRESHOLD_DEFAULTS).map((c) => c.name);
    expect(names).toEqual(['dropped']);
  });

  it.each([
    ['10%', 0.1], ['0.5 %', 0.005], ['0.1', 0.1], ['0', 0], ['100%', 1], ['1', 1],
    ['5', null], ['101%', null], ['-1%', null], ['ten', null], ['', null],
  ])('parse the share %j as %j', (text, share) => {
    expect(parseShare(text)).toBe(share);
  });
});
