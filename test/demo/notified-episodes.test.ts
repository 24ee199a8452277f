import { describe, expect, it } from 'vitest';
import { Inbox } from '../../src/demo/inbox.js';
import { EpisodeCollector, type HeldAlert } from '../../src/demo/notified-episodes.js';
import { TimeAxis } from '../../src/demo/time-axis.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { WebhookAlert } from '../../src/server/demo-port.js';
import { judge } from '../../src/verify/judge.js';
import type { AlertRule } from '../../src/verify/rules.js';

const scenario = parseScenario(
  `name: notes
summary: alerts seen through notifications
seed: 1
duration: 2h
traffic: { rate: 10/min }
expect:
  fire:
    - { alert: Warn, after: 30m, before: 1h, resolve_before: 1h30m }
    - { alert: Crit, after: 30m, before: 1h, firing_at_end: true }
`,
  'notes.yaml',
);
const t0 = scenario.start;
// Simulated time 0 at real time 1,000,000 ms, ×60: a simulated minute is a real second.
const axis = new TimeAxis(t0, 1_000_000, 60);
const real = (simMinutes: number): string => new Date(axis.toReal(t0 + simMinutes * 60_000)).toISOString();
const min = (ms: number | null): number | null => (ms === null ? null : (ms - t0) / 60_000);

function alert(name: string, status: string, startsAt: number, endsAt?: number): WebhookAlert {
  return {
    status,
    labels: { alertname: name, severity: name === 'Crit' ? 'critical' : 'warning' },
    annotations: {},
    startsAt: real(startsAt),
    endsAt: endsAt === undefined ? '0001-01-01T00:00:00Z' : real(endsAt),
  };
}

function held(name: string, startsAt: number, inhibitedBy: string[]): HeldAlert {
  return { labels: { alertname: name, severity: 'warning' }, startsAt: real(startsAt), fingerprint: name, status: { state: inhibitedBy.length ? 'suppressed' : 'active', inhibitedBy, silencedBy: [] } };
}

const rule = (name: string): AlertRule => ({ name, expr: 'x', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, group: 'g', intervalMs: 60_000 });

describe('alert episodes from notifications', () => {
  it('maps firing (startsAt) and resolution (endsAt) to scenario time, one episode per firing, repeats counted', () => {
    const inbox = new Inbox(() => 0);
    const c = new EpisodeCollector(axis);
    inbox.onNotification((n) => c.notified(n));
    inbox.receive('team', { status: 'firing', alerts: [alert('Warn', 'firing', 42)] });
    inbox.receive('team', { status: 'firing', alerts: [alert('Warn', 'firing', 42)] });
    inbox.receive('team', { status: 'resolved', alerts: [alert('Warn', 'resolved', 42, 70)] });
    inbox.receive('team', { status: 'firing', alerts: [alert('Warn', 'firing', 90)] });
    const episodes = c.episodes(t0, t0 + scenario.duration);
    expect(episodes.map((e) => [e.alert, min(e.firedAt), min(e.resolvedAt), e.notifications, e.receivers])).toEqual([
      ['Warn', 42, 70, 2, ['team']],
      ['Warn', 90, null, 1, ['team']],
    ]);
    expect(inbox.received).toBe(4);
    expect(inbox.list()).toHaveLength(4);
  });

  it('leaves out what fired before the first sample or after the end, and counts a resolution after the end as still firing', () => {
    const c = new EpisodeCollector(axis);
    c.notified({ receiver: 'oncall', receivedAt: 0, status: 'resolved', alerts: [alert('Crit', 'resolved', -20, 1)] });
    c.notified({ receiver: 'team', receivedAt: 0, status: 'resolved', alerts: [alert('Warn', 'resolved', 100, 125)] });
    c.notified({ receiver: 'team', receivedAt: 0, status: 'firing', alerts: [alert('Crit', 'firing', 121)] });
    expect(c.episodes(t0, t0 + 120 * 60_000).map((e) => [e.alert, min(e.firedAt), min(e.resolvedAt)])).toEqual([['Warn', 100, null]]);
  });

  it('takes an inhibited alert from Alertmanager, resolved when it stopped holding it', () => {
    const c = new EpisodeCollector(axis);
    c.notified({ receiver: 'oncall', receivedAt: 0, status: 'firing', alerts: [alert('Crit', 'firing', 40)] });
    c.held([held('Warn', 45, ['crit-fingerprint'])], axis.toReal(t0 + 46 * 60_000));
    c.held([held('Warn', 45, ['crit-fingerprint'])], axis.toReal(t0 + 80 * 60_000));
    const [crit, warn] = c.episodes(t0, t0 + scenario.duration);
    expect([warn.alert, min(warn.firedAt), min(warn.resolvedAt), warn.notifications, warn.inhibited]).toEqual(['Warn', 45, 80, 0, true]);
    expect(crit.inhibited).toBe(false);
    // verify's judge sees both as fired, inside their window.
    const verdicts = judge(scenario, [rule('Warn'), rule('Crit')], c.episodes(t0, t0 + scenario.duration));
    expect(verdicts.map((v) => [v.alert, v.ok, v.firstFiring])).toEqual([
      ['Warn', true, 45 * 60_000],
      ['Crit', true, 40 * 60_000],
    ]);
  });

  it('is one episode whether Alertmanager gives startsAt in nanoseconds (its API) or milliseconds (a webhook)', () => {
    const c = new EpisodeCollector(axis);
    const startsAt = real(45);
    const nanos = startsAt.replace(/\.(\d{3})Z$/, '.$1456789Z');
    expect(nanos).not.toBe(startsAt);
    c.held([{ ...held('Warn', 45, []), startsAt: nanos }], axis.toReal(t0 + 46 * 60_000));
    c.notified({ receiver: 'team', receivedAt: 0, status: 'firing', alerts: [alert('Warn', 'firing', 45)] });
    const episodes = c.episodes(t0, t0 + scenario.duration);
    expect(episodes.map((e) => [e.alert, min(e.firedAt), e.notifications])).toEqual([['Warn', 45, 1]]);
  });

  it('lets the judge fail an alert that fired too early', () => {
    const c = new EpisodeCollector(axis);
    c.notified({ receiver: 'team', receivedAt: 0, status: 'firing', alerts: [alert('Warn', 'firing', 10), alert('Crit', 'firing', 31)] });
    const verdicts = judge(scenario, [rule('Warn'), rule('Crit')], c.episodes(t0, t0 + scenario.duration));
    expect(verdicts.map((v) => [v.alert, v.ok, v.reason])).toEqual([
      ['Warn', false, 'fired before its window'],
      ['Crit', true, ''],
    ]);
  });

  it('counts notifications as groups do: one from the first firing to the resolution, updates inside it', () => {
    const c = new EpisodeCollector(axis);
    const g = { alert_group: 'claude' };
    c.notified({ receiver: 'team', receivedAt: 0, status: 'firing', groupLabels: g, alerts: [alert('Warn', 'firing', 40)] });
    c.notified({ receiver: 'team', receivedAt: 0, status: 'firing', groupLabels: g, alerts: [alert('Warn', 'firing', 40), alert('Crit', 'firing', 44)] });
    c.notified({ receiver: 'team', receivedAt: 0, status: 'resolved', groupLabels: g, alerts: [alert('Warn', 'resolved', 40, 70), alert('Crit', 'resolved', 44, 75)] });
    c.notified({ receiver: 'team', receivedAt: 0, status: 'firing', groupLabels: g, alerts: [alert('Warn', 'firing', 90)] });
    expect(c.notifications(t0, t0 + 120 * 60_000).map((e) => [e.receiver, min(e.from), e.to === null ? null : min(e.to), e.alerts.map((a) => a.alertname)])).toEqual([
      ['team', 40, 75, ['Warn', 'Crit']],
      ['team', 90, null, ['Warn']],
    ]);
  });
});
