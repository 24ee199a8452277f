/**
 * Judging what on-call received against `page:`/`warn:`: the class and severity, not before the incident, by the
 * deadline, once per receiver, to the named receiver, resolved by its deadline after recovery; a class notified at a
 * severity nobody expected fails too, a warning ahead of its class's page does not.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationEpisode } from '../../src/notify/notification-episodes.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { judgeNotifications } from '../../src/verify/notification-judge.js';

const M = 60_000;
const scenario = (expectBlock: string) => parseScenario(
  `name: n
summary: notifications
seed: 1
duration: 4h
traffic: { rate: 1/min }
phases:
  - { name: outage, at: 1h }
  - { name: recovered, at: 2h }
expect:
${expectBlock}`,
  'n.yaml',
);
const page = scenario('  page:\n    - { group: claude, after: outage, within: 15m, recovered: recovered, resolve_within: 30m, receiver: oncall }\n');
const t0 = page.start;
const crit = { alertname: 'Crit', severity: 'critical', alert_group: 'claude' };
const warn = { alertname: 'Warn', severity: 'warning', alert_group: 'claude' };
const sent = (receiver: string, alert: Record<string, string>, from: number, to: number | null): NotificationEpisode =>
  ({ receiver, groupLabels: { alert_group: alert.alert_group }, alerts: [alert], from: t0 + from * M, to: to === null ? null : t0 + to * M });
const reason = (s: typeof page, eps: NotificationEpisode[]): string[] => judgeNotifications(s, eps).map((v) => v.reason);

describe('judgeNotifications', () => {
  it('passes one page of the class, sent by its deadline to the named receiver and resolved by its own', () => {
    const [v] = judgeNotifications(page, [sent('oncall', crit, 70, 140)]);
    expect(v).toMatchObject({ alert: 'claude', expected: 'page', ok: true, firstFiring: 70 * M, resolvedAt: 140 * M, firings: 1, labels: { receiver: 'oncall' } });
  });

  it('fails a page never sent, sent before the incident or after its deadline', () => {
    expect(reason(page, [])).toEqual(['expected a page of claude within 15m of outage (1h), none was sent']);
    expect(reason(page, [sent('oncall', crit, 50, 140)])).toEqual(['a page of claude was sent at 50m, before the incident began (outage (1h))']);
    expect(reason(page, [sent('oncall', crit, 80, 140)])).toEqual(['a page of claude was first sent at 1h20m, 20m after outage (1h): the deadline is 15m']);
  });

  it('holds one incident to one page per receiver, and the page to its receiver', () => {
    expect(reason(page, [sent('oncall', crit, 70, 90), sent('oncall', crit, 100, 140)])).toEqual([
      'a page of claude was sent 2 times to oncall (at 1h10m, 1h40m): one incident, one notification',
    ]);
    expect(reason(page, [sent('team', crit, 70, 140)])).toEqual(['a page of claude reached team; expected oncall only']);
  });

  it('holds the resolution to its window after recovery: not before it, not after its deadline, not never', () => {
    expect(reason(page, [sent('oncall', crit, 70, 110)])).toEqual(['a page of claude resolved at 1h50m, before the recovery (recovered (2h))']);
    expect(reason(page, [sent('oncall', crit, 70, 160)])).toEqual(['a page of claude resolved at 2h40m, 40m after recovered (2h): the deadline is 30m']);
    expect(reason(page, [sent('oncall', crit, 70, null)])).toEqual(['a page of claude still fires at the end; expected resolved within 30m of recovered (2h)']);
  });

  it('lets the team hear first (a warning of a paged class), and fails a class paged where only a warning is due', () => {
    expect(reason(page, [sent('team', warn, 65, 100), sent('oncall', crit, 70, 140)])).toEqual(['']);
    const warned = scenario('  warn:\n    - { group: claude, after: outage, within: 30m, firing_at_end: true }\n');
    expect(reason(warned, [sent('team', warn, 70, null), sent('oncall', crit, 80, 100)])).toEqual([
      '',
      'a page of claude (Crit) was sent at 1h20m to oncall; no page of claude is expected',
    ]);
    // Unless the scenario allows it.
    const allowed = scenario('  warn:\n    - { group: claude, after: outage, within: 30m, firing_at_end: true }\n  allow: [Crit]\n');
    expect(reason(allowed, [sent('team', warn, 70, null), sent('oncall', crit, 80, 100)])).toEqual(['']);
  });

  it('fails a warning of the class first sent while its page is out: a page mutes its class\'s warnings', () => {
    expect(reason(page, [sent('oncall', crit, 70, 140), sent('team', warn, 80, 150)])).toEqual([
      '',
      'a warning of claude was sent at 1h20m to team while its page was out: a page mutes its class\'s warnings',
    ]);
    // Once the page has resolved, a warning that outlasts the incident is the team's again.
    expect(reason(page, [sent('oncall', crit, 70, 140), sent('team', warn, 140, 150)])).toEqual(['']);
  });

  it('judges only the classes the scenario names (the others are judged alert by alert)', () => {
    const elsewhere = { alertname: 'Lat', severity: 'critical', alert_group: 'latency' };
    expect(reason(page, [sent('oncall', crit, 70, 140), sent('oncall', elsewhere, 70, 140)])).toEqual(['']);
  });
});
