import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/core/random.js';
import { Scheduler } from '../../src/core/scheduler.js';

describe('Scheduler', () => {
  it('pops in time order, ties in insertion order', () => {
    const s = new Scheduler<string>();
    s.schedule(5, 'c');
    s.schedule(1, 'a');
    s.schedule(5, 'd');
    s.schedule(3, 'b');
    expect([s.pop(), s.pop(), s.pop(), s.pop()]).toEqual(['a', 'b', 'c', 'd']);
    expect(s.peekTime()).toBe(Infinity);
  });

  it('stays ordered under random interleaving of pushes and pops', () => {
    const r = new RandomSource(9).stream('t');
    const s = new Scheduler<number>();
    let last = -Infinity;
    for (let i = 0; i < 5000; i++) {
      if (s.size > 0 && r.chance(0.4)) {
        const t = s.peekTime();
        expect(s.pop()).toBe(t);
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
      } else {
        const t = Math.max(last, 0) + r.int(1000);
        s.schedule(t, t);
      }
    }
  });
});
