import { describe, expect, it } from 'vitest';
import type { AlertFirings } from '../../src/backtest/backtest.js';
import { compareFirings } from '../../src/backtest/compare.js';

const M = 60_000;
const alert = (name: string, firings: [number, number | null][], labels: Record<string, string> = {}): AlertFirings => ({
  alert: name,
  labels: { alertname: name, ...labels },
  intervalMs: M,
  firings: firings.map(([f, r]) => ({ firedAt: f * M, resolvedAt: r === null ? null : r * M })),
});

describe('compareFirings', () => {
  it('tells unchanged, moved, added and removed firings apart', () => {
    const before = [alert('A', [[10, 20], [100, 110]]), alert('B', [[5, 6]])];
    const after = [alert('A', [[12, 20], [300, null]]), alert('C', [[1, 2]])];
    const c = compareFirings(before, after, 1000 * M);
    expect(c.moved).toEqual([{ alert: 'A', labels: { alertname: 'A' }, before: { firedAt: 10 * M, resolvedAt: 20 * M }, after: { firedAt: 12 * M, resolvedAt: 20 * M } }]);
    expect(c.removed.map((x) => [x.alert, x.firing.firedAt / M])).toEqual([['A', 100], ['B', 5]]);
    expect(c.added.map((x) => [x.alert, x.firing.firedAt / M])).toEqual([['A', 300], ['C', 1]]);
    expect(c.unchanged).toBe(0);
  });

  it('counts identical firings as unchanged, and keeps label sets apart', () => {
    const before = [alert('A', [[10, 20]], { pod: 'a' }), alert('A', [[10, 20]], { pod: 'b' })];
    const after = [alert('A', [[10, 20]], { pod: 'a' })];
    const c = compareFirings(before, after, 100 * M);
    expect(c.unchanged).toBe(1);
    expect(c.removed.map((x) => x.labels.pod)).toEqual(['b']);
  });

  it('matches a firing still open at the end with one that overlaps it', () => {
    const c = compareFirings([alert('A', [[50, null]])], [alert('A', [[40, 60]])], 100 * M);
    expect(c.moved).toHaveLength(1);
    expect(c.added).toEqual([]);
  });
});
