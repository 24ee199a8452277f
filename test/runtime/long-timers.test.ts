import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LongTimers } from '../../src/runtime/long-timers.js';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

beforeEach(() => {
  // setTimeout frozen, setImmediate real: what runs without the clock moving ran on the event loop's next turn.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => vi.useRealTimers());

describe('LongTimers', () => {
  it('runs a wait shorter than a millisecond on the next turn of the event loop, not after a 1 ms timer', async () => {
    const timers = new LongTimers();
    const ran: string[] = [];
    timers.after(0.4, () => ran.push('0.4 ms'));
    timers.after(1, () => ran.push('1 ms'));
    await turn();
    expect(ran).toEqual(['0.4 ms']);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toEqual(['0.4 ms', '1 ms']);
  });

  it('clears waits of every length, the sub-millisecond ones included', async () => {
    const timers = new LongTimers();
    const ran: number[] = [];
    for (const ms of [0, 0.5, 10, 3e9]) timers.after(ms, () => ran.push(ms));
    timers.clear();
    await turn();
    await vi.advanceTimersByTimeAsync(4e9);
    expect(ran).toEqual([]);
  });
});
