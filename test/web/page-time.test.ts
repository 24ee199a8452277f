/**
 * The page's time arithmetic, without a browser: a range in scenario time becomes a window of real seconds for
 * Prometheus (the demo's samples are `speed` times denser), the custom range's offsets are read back, and ALERTS'
 * points become firing spans.
 */
import { describe, expect, it } from 'vitest';
// web/ is JavaScript typechecked on its own (web/tsconfig.json, DOM types); this project sees it untyped.
// @ts-expect-error -- no declaration file
import { firingSpans, union } from '../../web/annotations.js';
// @ts-expect-error -- no declaration file
import { parseClock, scenarioClock } from '../../web/format.js';
// @ts-expect-error -- no declaration file
import { toReal, windowOf } from '../../web/range.js';

// Simulated time 10,000 s sits at real time 1,000 s; 60 simulated seconds pass each real second.
const axis = { simOrigin: 10_000_000, realOrigin: 1_000_000, speed: 60 };
const model = { axis, scrapeMs: 15_000 };
const toSim = (real: number) => axis.simOrigin + (real - axis.realOrigin) * axis.speed;

describe("the page's window", () => {
  it('turns the last 6 h of scenario time into the last 6 real minutes at ×60, 300 steps on a whole-millisecond grid', () => {
    const w = windowOf({ kind: 'relative', spanMs: 6 * 3_600_000 }, model, 2_000_123);
    // The last whole step before now on a grid from 0 (every panel asks for the same instants), 360 s back.
    expect([w.step, w.end.toFixed(3), w.start.toFixed(3), Math.round((w.end - w.start) / w.step)]).toEqual([1.2, '1999.200', '1639.200', 300]);
  });

  it('never steps finer than a scrape: 15 min at ×60 is 60 steps of 0.25 real s', () => {
    const w = windowOf({ kind: 'relative', spanMs: 15 * 60_000 }, model, 2_000_000);
    expect([w.step, Math.round((w.end - w.start) / w.step)]).toEqual([0.25, 60]);
  });

  it('queries an absolute range (a zoom, a custom range) at its real times, and ends it at now when it reaches past', () => {
    const from = toSim(1_500_000);
    const w = windowOf({ kind: 'absolute', from, to: from + 3_600_000 }, model, 2_000_000);
    expect([w.start, w.end, w.step]).toEqual([1500, 1560, 0.25]);
    expect(toReal(axis, from)).toBe(1_500_000);
    const late = windowOf({ kind: 'absolute', from, to: toSim(9_000_000) }, model, 2_000_000);
    expect(late.end).toBe(2000);
  });
});

describe('the custom range fields', () => {
  it('reads the offsets the header writes, signed, and refuses anything else', () => {
    for (const ms of [0, 45_000, 5_400_000, -7_200_000, 3_661_000]) expect(parseClock(scenarioClock(ms))).toBe(ms);
    expect([parseClock('90m'), parseClock(' 2h '), parseClock('-1h20m')]).toEqual([5_400_000, 7_200_000, -4_800_000]);
    for (const bad of ['', '-', 'soon', '1d', '2h-1m', '1.5h']) expect([bad, parseClock(bad)]).toEqual([bad, null]);
  });
});

describe('firing spans', () => {
  it("makes one span of consecutive points and a new one after a gap, per alert, on the simulated axis", () => {
    const points = (ts: number[]) => ts.map((t) => [t, '1'] as [number, string]);
    const spans = firingSpans(
      [
        { metric: { alertname: 'A', severity: 'critical' }, values: points([1000, 1001, 1002, 1005, 1006]) },
        { metric: { alertname: 'B', severity: 'warning' }, values: points([1001]) },
      ],
      60,
      toSim,
    );
    expect(spans).toEqual([
      { alert: 'A', severity: 'critical', from: 10_000, to: 10_120 },
      { alert: 'A', severity: 'critical', from: 10_300, to: 10_360 },
      { alert: 'B', severity: 'warning', from: 10_060, to: 10_060 },
    ]);
  });
});

describe('the shading', () => {
  it('draws the union of overlapping spans once', () => {
    const span = (from: number, to: number) => ({ alert: 'A', severity: 'warning', from, to });
    expect(union([span(50, 60), span(0, 10), span(5, 20), span(20, 30)])).toEqual([[0, 30], [50, 60]]);
    expect(union([])).toEqual([]);
  });
});
