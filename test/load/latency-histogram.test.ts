import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/load/latency-histogram.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within 0.1 % (3 significant figures)', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);
    const s = h.summary();
    expect(s.count).toBe(1000);
    for (const [p, exact] of [['p50', 500], ['p90', 900], ['p95', 950], ['p99', 990], ['p99.9', 999], ['max', 1000]] as const) {
      expect(Math.abs(s[p] - exact) / exact).toBeLessThanOrEqual(0.001);
    }
  });

  it('is all zeros when empty, and keeps values outside its range instead of losing them', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50: 0, p90: 0, p95: 0, p99: 0, 'p99.9': 0, max: 0 });
    const h = new LatencyHistogram();
    h.record(-5);
    h.record(10 * 3_600_000);
    expect(h.summary().count).toBe(2);
    expect(h.summary().p50).toBeCloseTo(0.001, 6);
    // Clamped to an hour (to 0.1 %).
    expect(Math.abs(h.summary().max - 3_600_000) / 3_600_000).toBeLessThanOrEqual(0.001);
  });
});
