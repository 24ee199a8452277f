import { describe, expect, it } from 'vitest';
import { alarmingSpans, colourOf, severityOf } from '../../src/dashboard-check/colours.js';

const P95 = [{ value: null, color: 'green' }, { value: 25, color: 'yellow' }, { value: 30, color: 'orange' }, { value: 45, color: 'red' }];
const CACHE = [{ value: null, color: 'red' }, { value: 30, color: 'yellow' }, { value: 40, color: 'green' }];

describe('colourOf (Grafana: a value takes the last step whose value is at most it)', () => {
  it('takes the base colour below the first step, and a step from its value on', () => {
    expect(colourOf(-1e9, P95)).toBe('green');
    expect(colourOf(24.99, P95)).toBe('green');
    expect(colourOf(25, P95)).toBe('yellow');
    expect(colourOf(30, P95)).toBe('orange');
    expect(colourOf(45, P95)).toBe('red');
    expect(colourOf(29.9, CACHE)).toBe('red');
    expect(colourOf(30, CACHE)).toBe('yellow');
    expect(colourOf(100, CACHE)).toBe('green');
  });

  it('has no colour for NaN or without steps', () => {
    expect(colourOf(Number.NaN, P95)).toBeNull();
    expect(colourOf(3, [])).toBeNull();
  });
});

describe('severityOf', () => {
  it('reads reds as critical, oranges and yellows as warnings, greens and blues as fine, unknown hex as a warning', () => {
    expect(['red', 'dark-red', 'semi-dark-red', '#F2495C'].map(severityOf)).toEqual(['critical', 'critical', 'critical', 'critical']);
    expect(['orange', 'yellow', 'light-yellow', '#FF9830'].map(severityOf)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(['green', 'blue', 'dark-green', 'text', 'transparent', 'purple'].map(severityOf)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(severityOf('#123456')).toBe('warning');
  });
});

describe('alarmingSpans', () => {
  const minute = 60_000;
  const series = (values: number[]): Map<number, number> => new Map(values.map((v, i) => [i * minute, v]));

  it('groups consecutive points of one alarming colour, splits on a fine point or a colour change, and skips the grace', () => {
    const spans = alarmingSpans(series([26, 26, 10, 27, 31, 32, 20, 50]), P95, 1 * minute);
    expect(spans.map((s) => [s.colour, s.severity, s.fromMs / minute, s.toMs / minute, s.points, s.min, s.max])).toEqual([
      ['yellow', 'warning', 1, 1, 1, 26, 26],
      ['yellow', 'warning', 3, 3, 1, 27, 27],
      ['orange', 'warning', 4, 5, 2, 31, 32],
      ['red', 'critical', 7, 7, 1, 50, 50],
    ]);
  });

  it('finds nothing on a series that stays in fine colours, and reads a low value under a red base as critical', () => {
    expect(alarmingSpans(series([10, 20, 24.9]), P95, 0)).toEqual([]);
    expect(alarmingSpans(series([70, 29, 28, 70]), CACHE, 0).map((s) => [s.colour, s.points, s.min, s.max])).toEqual([['red', 2, 28, 29]]);
  });
});
