import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile } from '../../src/core/normal.js';

describe('the standard normal', () => {
  it('erfc matches reference values to 1e-14 relative, on every branch of the approximation', () => {
    const reference: [number, number][] = [
      [0.3, 0.6713732405408726], [1, 0.15729920705028513], [2, 0.004677734981047266], [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12], [-1, 1.8427007929497148],
    ];
    for (const [x, v] of reference) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-14);
  });

  it('quantile inverts the CDF, tails included', () => {
    for (const p of [1e-12, 1e-4, 0.02, 0.3, 0.5, 0.9, 0.999999]) expect(Math.abs(normalCdf(normalQuantile(p)) - p) / p).toBeLessThan(1e-12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
});
