import { describe, expect, it } from 'vitest';
import type { AlertEpisode } from '../../src/verify/alert-timeline.js';
import { expandingNotation, firingAt } from '../../src/verify/promtool-export.js';

/** promtool's expansion, written from its documentation, to check our notation round-trips. */
function expand(notation: string): number[] {
  const out: number[] = [];
  for (const part of notation.split(' ')) {
    let m: RegExpExecArray | null;
    if ((m = /^_x(\d+)$/.exec(part))) for (let i = 0; i < Number(m[1]); i++) out.push(NaN);
    else if (part === '_') out.push(NaN);
    else if ((m = /^(-?[\d.e+-]+?)([+-])(\d+(?:\.\d+)?)x(\d+)$/.exec(part))) {
      const [a, sign, b, n] = [Number(m[1]), m[2], Number(m[3]), Number(m[4])];
      for (let i = 0; i <= n; i++) out.push(a + (sign === '+' ? 1 : -1) * b * i);
    } else out.push(Number(part));
  }
  return out;
}

describe('expandingNotation', () => {
  it('compresses constant and linear integer runs, and gaps', () => {
    expect(expandingNotation([0, 0, 0, 0, 1, 2, 3, 5], 8)).toBe('0+0x3 1+1x2 5');
    expect(expandingNotation([NaN, NaN, 4, 3, 2, 1], 6)).toBe('_x2 4-1x3');
    expect(expandingNotation([0.5, 0.75, 1], 3)).toBe('0.5 0.75 1');
  });

  it('round-trips any series', () => {
    const values = [0, 0, 0, 1, 2, 3, NaN, NaN, NaN, 7, 7.5, 8, 12, 12, 12, 12, 3, NaN, 1e-7];
    const back = expand(expandingNotation(values, values.length));
    expect(back.map((v) => (Number.isNaN(v) ? 'gap' : v))).toEqual(values.map((v) => (Number.isNaN(v) ? 'gap' : v)));
  });

  it('stops at the given length', () => {
    expect(expandingNotation([1, 1, 1, 1, 9], 3)).toBe('1+0x2');
  });

  it('with stale markers, writes the first gap after a value as `stale` (a failed scrape), not the gap before any', () => {
    expect(expandingNotation([NaN, 1, 2, NaN, NaN, NaN, 0, 1], 8, true)).toBe('_ 1 2 stale _x2 0 1');
    expect(expandingNotation([5, NaN], 2, true)).toBe('5 stale');
  });
});

describe('firingAt', () => {
  const e = (firedAt: number | null, resolvedAt: number | null): AlertEpisode =>
    ({ alert: 'A', labels: {}, activeAt: 0, firedAt, resolvedAt, value: 1 });
  it('lists the episodes firing at a time: fired at or before it, not yet resolved', () => {
    const episodes = [e(10, 20), e(30, null), e(null, null)];
    expect(firingAt(episodes, 9)).toEqual([]);
    expect(firingAt(episodes, 10)).toEqual([episodes[0]]);
    expect(firingAt(episodes, 20)).toEqual([]);
    expect(firingAt(episodes, 99)).toEqual([episodes[1]]);
  });
});
