import { describe, expect, it } from 'vitest';
import { parseInstant, parseTimeRange } from '../../src/backtest/time-range.js';
import { UsageError } from '../../src/errors.js';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

describe('backtest time range', () => {
  it('reads RFC 3339 (zones included), now and now-<duration>', () => {
    expect(parseInstant('from', '2026-01-05T00:00:00Z', NOW)).toBe(Date.UTC(2026, 0, 5));
    expect(parseInstant('from', '2026-01-05T02:00:00+02:00', NOW)).toBe(Date.UTC(2026, 0, 5));
    expect(parseInstant('to', 'now', NOW)).toBe(NOW);
    expect(parseInstant('from', 'now-7d', NOW)).toBe(NOW - 7 * 86_400_000);
  });

  it('refuses dates without a zone, garbage, reversed and too long windows', () => {
    for (const bad of ['2026-01-05T00:00:00', 'yesterday', 'now-soon', '2026-13-45T00:00:00Z']) {
      expect(() => parseInstant('from', bad, NOW)).toThrow(UsageError);
    }
    expect(() => parseTimeRange('now', 'now-1h', NOW)).toThrow(/must come before/);
    expect(() => parseTimeRange('now-100d', 'now', NOW)).toThrow(/longer than/);
    expect(parseTimeRange('now-92d', 'now', NOW)).toEqual({ fromMs: NOW - 92 * 86_400_000, toMs: NOW });
  });
});
