import { describe, expect, it } from 'vitest';
import { RealClock, VirtualClock } from '../../src/core/clock.js';

describe('VirtualClock', () => {
  it('moves only when told, and never back', () => {
    const c = new VirtualClock(1000);
    expect(c.now()).toBe(1000);
    c.advanceTo(5000);
    expect(c.now()).toBe(5000);
    expect(() => c.advanceTo(4999)).toThrow(RangeError);
  });
});

describe('RealClock', () => {
  it('follows the injected elapsed time, scaled by the speed', () => {
    let elapsed = 100;
    const c = new RealClock(1_000_000, 60, () => elapsed);
    expect(c.now()).toBe(1_000_000);
    elapsed += 1000;
    expect(c.now()).toBe(1_060_000);
    expect(c.realDelay(60_000)).toBe(1000);
    expect(() => new RealClock(0, 0, () => 0)).toThrow(/speed/);
  });

  it('stands at its start until a real origin in the future, then runs from there', () => {
    let elapsed = 0;
    const c = new RealClock(5000, 10, () => elapsed, 2000);
    expect(c.now()).toBe(5000);
    elapsed = 1999;
    expect(c.now()).toBe(5000);
    elapsed = 2500;
    expect(c.now()).toBe(10_000);
  });
});
