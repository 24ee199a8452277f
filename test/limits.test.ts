import { describe, expect, it } from 'vitest';
import { formatLimit } from '../src/limits.js';
import { RandomStream } from '../src/core/random.js';

describe('formatLimit', () => {
  it('writes integers as en-US does, thousands separated, at every magnitude and sign', () => {
    const random = new RandomStream(11);
    const samples = [0, 7, 999, 1000, 1001, 65_535, 100_000, 999_999, 1_000_000, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER];
    for (let digits = 1; digits <= 16; digits++) for (let i = 0; i < 20; i++) samples.push(Math.floor(random.next() * 10 ** digits));
    for (const n of [...samples, ...samples.map((x) => -x).filter((x) => x !== 0)]) expect([n, formatLimit(n)]).toEqual([n, n.toLocaleString('en-US')]);
  });

  it('leaves fractions, huge and non-finite numbers to Intl', () => {
    for (const n of [1234.5678, 0.5, 2 ** 60, 1e21, Infinity, -Infinity, NaN]) expect(formatLimit(n)).toBe(n.toLocaleString('en-US'));
  });
});
