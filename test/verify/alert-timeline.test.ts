import { describe, expect, it } from 'vitest';
import type { RangeSeries } from '../../src/prometheus/query-client.js';
import { alertTimeline } from '../../src/verify/alert-timeline.js';
import type { AlertRule } from '../../src/verify/rules.js';

const M = 60_000;

function rule(forMs: number, keepFiringForMs = 0): AlertRule {
  return { name: 'A', expr: 'x', forMs, keepFiringForMs, labels: { severity: 'warning' }, annotations: {}, group: 'g', intervalMs: M };
}

/** A series present (value 1) at the minutes marked '#' in `pattern`, absent at '.'. */
function series(pattern: string, labels: Record<string, string> = {}): RangeSeries {
  const points = new Map<number, number>();
  [...pattern].forEach((c, i) => c === '#' && points.set(i * M, i));
  return { labels, points };
}

function evals(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i * M);
}

describe('alertTimeline (the for / keep_firing_for state machine)', () => {
  it('fires once the condition has held for `for`, counted from the first true evaluation', () => {
    const [e] = alertTimeline(rule(3 * M), [series('..######')], evals(8));
    expect(e).toMatchObject({ activeAt: 2 * M, firedAt: 5 * M, resolvedAt: null, value: 5 });
    expect(e.labels).toEqual({ severity: 'warning', alertname: 'A' });
  });

  it('fires at the first true evaluation when `for` is 0', () => {
    const [e] = alertTimeline(rule(0), [series('...#')], evals(4));
    expect(e.firedAt).toBe(3 * M);
  });

  it('forgets a pending alert on one false evaluation: a blip shorter than `for` never fires', () => {
    const episodes = alertTimeline(rule(3 * M), [series('###.###.###')], evals(11));
    expect(episodes).toHaveLength(3);
    expect(episodes.every((e) => e.firedAt === null)).toBe(true);
  });

  it('resolves a firing alert at the first false evaluation without keep_firing_for', () => {
    const episodes = alertTimeline(rule(M), [series('###..###')], evals(8));
    expect(episodes.map((e) => [e.firedAt, e.resolvedAt])).toEqual([[M, 3 * M], [6 * M, null]]);
  });

  it('keeps firing through gaps shorter than keep_firing_for, counted from the first false evaluation', () => {
    // Gap of 2 evaluations with keep_firing_for 3m: still one episode.
    expect(alertTimeline(rule(M, 3 * M), [series('###..###')], evals(8))).toHaveLength(1);
    // Gap of 4 with keep_firing_for 3m: kept at gap minutes 0,1,2 (since < 3m), resolved at the 4th false evaluation.
    const episodes = alertTimeline(rule(M, 3 * M), [series('###....###')], evals(10));
    expect(episodes.map((e) => [e.firedAt, e.resolvedAt])).toEqual([[M, 6 * M], [8 * M, null]]);
  });

  it('gives no grace to a pending alert: keep_firing_for only protects firing ones', () => {
    const episodes = alertTimeline(rule(3 * M, 10 * M), [series('##.##')], evals(5));
    expect(episodes).toHaveLength(2);
    expect(episodes.every((e) => e.firedAt === null)).toBe(true);
  });

  it('tracks each label set separately', () => {
    const episodes = alertTimeline(rule(M), [series('###', { model: 'a' }), series('.##', { model: 'b' })], evals(3));
    expect(episodes.map((e) => [e.labels.model, e.firedAt])).toEqual([['a', M], ['b', 2 * M]]);
  });
});
