import { describe, expect, it } from 'vitest';
import { inPool } from '../../src/core/pool.js';

/** Resolves after `n` turns of the event loop. */
const turns = (n: number): Promise<void> => (n === 0 ? Promise.resolve() : new Promise((r) => setImmediate(() => void turns(n - 1).then(r))));

describe('inPool', () => {
  it("runs at most `concurrency` at a time, starts the next as soon as one ends, and keeps the items' order", async () => {
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    // Item 0 is slow: in batches of two, items 2 and 3 would wait for it; in a pool they run while it does.
    const items = [6, 1, 1, 1].map((n, id) => ({ id, n }));
    const out = await inPool(items, 2, async ({ id, n }) => {
      most = Math.max(most, ++running);
      await turns(n);
      running--;
      finished.push(id);
      return n * 10;
    });
    expect(out).toEqual([60, 10, 10, 10]);
    expect(most).toBe(2);
    expect(finished).toEqual([1, 2, 3, 0]);
  });
});
