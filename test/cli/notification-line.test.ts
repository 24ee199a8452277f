/**
 * What the inbox prints comes from whoever posts to it (issue 20, finding 4): control characters in a receiver,
 * a label or an annotation must reach the terminal as visible escapes, never as commands (title, clear, OSC 52
 * clipboard writes, a carriage return overwriting the line).
 */
import { describe, expect, it } from 'vitest';
import { notificationLines } from '../../src/cli/notification-line.js';
import { TimeAxis } from '../../src/demo/time-axis.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('notification lines', () => {
  it('escape every control character a poster sends', () => {
    const axis = new TimeAxis(0, 0, 1);
    const lines = notificationLines(
      {
        receiver: 'team\u009b2J',
        receivedAt: 60_000,
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'Lunar\u001b]0;pwned\u0007', severity: '\r\u001b[2Kcritical' },
            annotations: { summary: 'copy \u001b]52;c;ZXZpbA==\u0007 now\nsecond line \u202ereversed' },
            startsAt: '',
            endsAt: '',
          },
        ],
      },
      axis,
      0,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(CONTROL);
    expect(lines[0]).toBe(
      '  [1m] team\\x9b2J ← FIRING   Lunar\\x1b]0;pwned\\x07 (\\r\\x1b[2Kcritical): copy \\x1b]52;c;ZXZpbA==\\x07 now\\nsecond line \\u202ereversed',
    );
  });

  it('leave ordinary text alone', () => {
    const lines = notificationLines(
      { receiver: 'équipe', receivedAt: 0, status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'A', severity: 'warning' }, annotations: { summary: 'Taux > 20 % — “fallback”' }, startsAt: '', endsAt: '' }] },
      new TimeAxis(0, 0, 1),
      0,
    );
    expect(lines).toEqual(['  [0s] équipe ← FIRING   A (warning): Taux > 20 % — “fallback”']);
  });

  it("say when the rule let go when a resolution arrives later (the drill table's time), and only then", () => {
    const axis = new TimeAxis(0, 0, 1);
    const resolved = (endsAt: string) => ({ status: 'resolved', labels: { alertname: 'A', severity: 'warning' }, annotations: {}, startsAt: '', endsAt });
    const lines = notificationLines(
      { receiver: 'team', receivedAt: 8_137_000, status: 'resolved', alerts: [resolved(new Date(7_885_000).toISOString()), resolved(new Date(8_137_000).toISOString()), resolved('')] },
      axis,
      0,
    );
    expect(lines).toEqual([
      '  [2h15m37s] team ← resolved A (warning) (the rule let go at 2h11m25s; Alertmanager sends resolutions at its group_interval)',
      '  [2h15m37s] team ← resolved A (warning)',
      '  [2h15m37s] team ← resolved A (warning)',
    ]);
  });
});
