import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/core/random.js';

describe('RandomSource', () => {
  it('gives the same draws for the same seed and stream name', () => {
    const a = new RandomSource(7).stream('latency');
    const b = new RandomSource(7).stream('latency');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
  });

  it('keeps streams independent: drawing from one never shifts another', () => {
    const quiet = new RandomSource(7);
    const busy = new RandomSource(7);
    for (let i = 0; i < 1000; i++) busy.stream('cache').next();
    expect(busy.stream('latency').next()).toBe(quiet.stream('latency').next());
  });

  it('differs between seeds and between stream names', () => {
    expect(new RandomSource(1).stream('x').next()).not.toBe(new RandomSource(2).stream('x').next());
    expect(new RandomSource(1).stream('x').next()).not.toBe(new RandomSource(1).stream('y').next());
  });

  it('draws uniforms in [0,1) with mean 1/2', () => {
    const s = new RandomSource(3).stream('u');
    const n = 200_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = s.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // σ of the mean = sqrt(1/12/n) ≈ 0.00065; 5σ ≈ 0.0032.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0033);
  });

  it('draws log-normals whose median is the configured median', () => {
    const s = new RandomSource(4).stream('ln');
    const n = 100_001;
    const xs = Array.from({ length: n }, () => s.logNormal(10, 0.5)).sort((a, b) => a - b);
    // The sample median's σ is about 1.2533·σ_log·median/√n ≈ 0.02; allow 5σ.
    expect(Math.abs(xs[(n - 1) / 2] - 10)).toBeLessThan(0.1);
  });

  it('draws exponentials with mean 1/rate', () => {
    const s = new RandomSource(5).stream('e');
    const n = 100_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += s.exponential(4);
    // mean 0.25, σ of the mean 0.25/√n ≈ 0.00079; 5σ ≈ 0.004.
    expect(Math.abs(sum / n - 0.25)).toBeLessThan(0.004);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new RandomSource(1.5)).toThrow(/integer/);
  });
});
