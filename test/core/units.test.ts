import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseRate } from '../../src/core/units.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000], ['30m', 1_800_000], ['24h', 86_400_000], ['1h30m', 5_400_000], ['250ms', 250], ['2d', 172_800_000], ['1.5s', 1500],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '10', '10 minutes', '-5m', 'm', '1h 30m', '5x'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());

  it('formats what it parses', () => {
    for (const t of ['2h30m', '45s', '1d2h', '0s', '1m500ms']) expect(formatDuration(parseDuration(t)!)).toBe(t);
  });
});

describe('rates', () => {
  it.each([
    ['40/min', 40 / 60], ['2/s', 2], ['100/h', 100 / 3600], ['0.5 / s', 0.5], ['1000/day', 1000 / 86_400],
  ])('parses %s', (text, perSecond) => expect(parseRate(text)).toBeCloseTo(perSecond, 12));

  it.each(['-3/min', '40', '40/fortnight', '/s', 'ten/s'])('refuses %j', (text) => expect(parseRate(text)).toBeNull());
});
