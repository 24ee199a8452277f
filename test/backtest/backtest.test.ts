import { describe, expect, it } from 'vitest';
import { backtest, backtestExpression, firingsOf } from '../../src/backtest/backtest.js';
import { formatBacktest, weekStart } from '../../src/backtest/report.js';
import { UsageError } from '../../src/errors.js';
import { LIMITS } from '../../src/limits.js';
import type { AlertRule, RuleFile } from '../../src/verify/rules.js';

const DAY = 86_400_000;
const rule = (name: string, intervalMs = 60_000, expr = 'up == 0'): AlertRule => ({
  name, expr, forMs: 0, keepFiringForMs: 0, labels: { severity: 'warning' }, annotations: {}, group: 'g', intervalMs,
});

describe('backtest bounds', () => {
  it('refuses, before any query, a window that needs more range queries than the limit', async () => {
    // 1 s evaluations over 92 days: 795 queries of 10,000 points per alert; 7 alerts pass the limit of 5,000.
    const rules: RuleFile = { alerts: Array.from({ length: 7 }, (_, i) => rule(`A${i}`, 1000)), records: [] };
    // Nothing listens on port 1: a query sent would fail with another message.
    await expect(backtest('http://127.0.0.1:1', rules, { fromMs: 0, toMs: LIMITS.backtestSpanMs })).rejects.toThrow(/range queries \(limit 5,000\)/);
  });

  it('names the alert whose records cannot be inlined', () => {
    const rules: RuleFile = { alerts: [rule('Bad', 60_000, 'a:r{job="x"} > 1')], records: [{ record: 'a:r', expr: 'sum(x)', labels: {}, group: 'g', intervalMs: 60_000 }] };
    expect(() => backtestExpression(rules.alerts[0], rules)).toThrow(UsageError);
    expect(() => backtestExpression(rules.alerts[0], rules)).toThrow(/^Bad: /);
  });
});

describe('firings and the report', () => {
  it('keeps fired episodes only, grouped by label set', () => {
    const r = rule('A');
    const labels = (pod: string) => ({ pod, severity: 'warning', alertname: 'A' });
    const f = firingsOf(r, [
      { alert: 'A', labels: labels('a'), activeAt: 0, firedAt: 60_000, resolvedAt: 120_000, value: 1 },
      { alert: 'A', labels: labels('a'), activeAt: 300_000, firedAt: null, resolvedAt: null, value: 1 },
      { alert: 'A', labels: labels('b'), activeAt: 0, firedAt: 0, resolvedAt: null, value: 1 },
    ]);
    expect(f.map((x) => [x.labels.pod, x.firings])).toEqual([
      ['a', [{ firedAt: 60_000, resolvedAt: 120_000 }]],
      ['b', [{ firedAt: 0, resolvedAt: null }]],
    ]);
  });

  it('weeks start on Monday 00:00 UTC', () => {
    // 2026-01-05 is a Monday; 2026-01-11 a Sunday.
    expect(weekStart(Date.UTC(2026, 0, 11, 23, 59))).toBe(Date.UTC(2026, 0, 5));
    expect(weekStart(Date.UTC(2026, 0, 12))).toBe(Date.UTC(2026, 0, 12));
  });

  it('counts each firing in the week it fired, and lists quiet weeks', () => {
    const from = Date.UTC(2026, 0, 5);
    const text = formatBacktest(
      {
        range: { fromMs: from, toMs: from + 20 * DAY },
        alerts: [{ alert: 'A', labels: { alertname: 'A' }, intervalMs: 60_000, firings: [{ firedAt: from + DAY, resolvedAt: from + DAY + 3_600_000 }, { firedAt: from + 15 * DAY, resolvedAt: null }] }],
        rules: 1,
        queries: 3,
        points: 10,
      },
      'rules.yml',
    );
    expect(text).toContain('week of 2026-01-05  A ×1');
    expect(text).toContain('week of 2026-01-12  no firing');
    expect(text).toContain('week of 2026-01-19  A ×1');
    expect(text).toMatch(/A +2 firings/);
    expect(text).toContain('2026-01-20T00:00:00.000Z → firing at the end');
  });
});
