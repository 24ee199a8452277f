import { describe, expect, it } from 'vitest';
import { readDashboard } from '../../src/dashboard-check/index.js';
import { defaultHistoryMs, longestWindowMs } from '../../src/demo/history-span.js';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';

const H = 3_600_000;

describe('longestWindowMs', () => {
  it('takes the widest range plus the largest offset of one query, and skips what does not parse', () => {
    expect(longestWindowMs(['rate(x[5m])', 'increase(x[24h])', 'x offset 2h', 'sum(increase(x[12h] offset 2h))', 'x['])).toBe(24 * H);
    expect(longestWindowMs(['max_over_time(rate(x[5m])[30h:1m])'])).toBe(30 * H);
    expect(longestWindowMs(['sum(increase(x[12h] offset 14h))'])).toBe(26 * H);
    expect(longestWindowMs([])).toBe(0);
  });
});

describe('defaultHistoryMs', () => {
  const shipped = readDashboard(DASHBOARD_FILE);

  it("covers the shipped dashboard's 24 h panels whatever the warm-up, and a longer warm-up in full", () => {
    expect(defaultHistoryMs(6 * H, shipped, 15_000, 7 * 24 * H)).toBe(24 * H);
    expect(defaultHistoryMs(0, shipped, 15_000, 7 * 24 * H)).toBe(24 * H);
    expect(defaultHistoryMs(48 * H, shipped, 15_000, 7 * 24 * H)).toBe(48 * H);
  });

  it('is a day without a dashboard, and never more than the bound', () => {
    expect(defaultHistoryMs(H, null, 15_000, 7 * 24 * H)).toBe(24 * H);
    expect(defaultHistoryMs(10 * 24 * H, shipped, 15_000, 7 * 24 * H)).toBe(7 * 24 * H);
  });
});
