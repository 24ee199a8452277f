import { describe, expect, it } from 'vitest';
import { durationSites, promDuration, rewriteDurations } from '../../src/promql/durations.js';
import { applyEdits, parsePromql } from '../../src/promql/syntax.js';

describe('durationSites', () => {
  it('finds ranges, subquery ranges and steps, and offsets, in document order', () => {
    const expr = 'sum(rate(a{x="[5m]"}[10m] offset 15m)) / max_over_time(b[1h:30s]) > 0 and c[2h] offset -5m';
    const sites = durationSites(expr).map((s) => [s.kind, s.text, s.ms]);
    expect(sites).toEqual([
      ['range', '10m', 600_000],
      ['offset', '15m', 900_000],
      ['subquery-range', '1h', 3_600_000],
      ['subquery-step', '30s', 30_000],
      ['range', '2h', 7_200_000],
      ['offset', '5m', 300_000],
    ]);
  });

  it('ignores text that only looks like a duration (inside a label value)', () => {
    expect(durationSites('a{x="[5m]"}')).toEqual([]);
  });

  it('locates each literal exactly', () => {
    const expr = 'rate(x[1h30m])';
    const [s] = durationSites(expr);
    expect(expr.slice(s.from, s.to)).toBe('1h30m');
  });
});

describe('rewriteDurations', () => {
  it('scales every duration and leaves the rest of the text as it was', () => {
    const expr = 'sum(rate(a[10m] offset 15m)) > 3 * sum(rate(a[6h]))';
    expect(rewriteDurations(expr, (s) => s.ms / 60)).toBe('sum(rate(a[10s] offset 15s)) > 3 * sum(rate(a[6m]))');
  });

  it('changes only the sites asked for', () => {
    expect(rewriteDurations('a[10m] + b[10m] + c[5m]', (s) => (s.ms === 600_000 ? 300_000 : null))).toBe('a[5m] + b[5m] + c[5m]');
  });

  it('keeps a rewritten expression parseable, with ms precision and never a zero range', () => {
    const out = rewriteDurations('rate(a[1m])', (s) => s.ms / 1e9);
    expect(out).toBe('rate(a[1ms])');
    expect(() => parsePromql(out)).not.toThrow();
    expect(promDuration(90_500)).toBe('1m30s500ms');
  });
});

describe('parsePromql and applyEdits', () => {
  it('names the position of a syntax error', () => {
    expect(() => parsePromql('sum(rate(x[5m])')).toThrow(/syntax error at character/);
  });

  it('refuses overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ from: 0, to: 3, text: 'x' }, { from: 2, to: 4, text: 'y' }])).toThrow(/overlapping/);
    expect(applyEdits('abcdef', [{ from: 4, to: 6, text: 'Z' }, { from: 0, to: 1, text: 'Y' }])).toBe('YbcdZ');
  });
});
