/**
 * From an alert timeline to what on-call receives: the states of the timeline (the stretches over which the firing
 * set is constant), the judging copy of an Alertmanager configuration (states kept apart, nothing sent anywhere), and
 * notification episodes from the groups Alertmanager forms in each state — one notification per group for as long
 * as any of its alerts fires, muted or not.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertStates } from '../../src/notify/alert-states.js';
import type { StateGroup } from '../../src/notify/alertmanager-oracle.js';
import { judgingConfig, RUN_LABEL, STATE_LABEL } from '../../src/notify/judging-config.js';
import { notificationEpisodes } from '../../src/notify/notification-episodes.js';
import type { AlertEpisode } from '../../src/verify/alert-timeline.js';

const M = 60_000;
const ep = (alert: string, firedAt: number | null, resolvedAt: number | null, extra: Record<string, string> = {}): AlertEpisode => ({
  alert, labels: { alertname: alert, ...extra }, activeAt: (firedAt ?? 0) - M, firedAt, resolvedAt, value: 1,
});

describe('alertStates', () => {
  it('cuts the timeline where the firing set changes, leaves out stretches with nothing firing and pending-only alerts', () => {
    const states = alertStates([ep('A', 10 * M, 30 * M), ep('B', 20 * M, 50 * M), ep('C', 60 * M, null), ep('P', null, null)], 90 * M);
    expect(states.map((s) => [s.from / M, s.to / M, s.firing.map((l) => l.alertname), s.firingAtEnd])).toEqual([
      [10, 20, ['A'], false],
      [20, 30, ['A', 'B'], false],
      [30, 50, ['B'], false],
      [60, 90, ['C'], true],
    ]);
  });

  it('keeps an alert that fires at the run\'s last evaluation', () => {
    expect(alertStates([ep('A', 90 * M, null)], 90 * M)).toEqual([{ from: 90 * M, to: 90 * M, firing: [{ alertname: 'A' }], firingAtEnd: true }]);
  });
});

describe('judgingConfig', () => {
  const original = `
route:
  receiver: team
  group_by: [alert_group]
  routes:
    - { receiver: oncall, matchers: ['severity="critical"'], mute_time_intervals: [nights] }
    - { receiver: team, group_by: ['...'] }
receivers:
  - { name: oncall, webhook_configs: [{ url: 'http://pager.example/' }] }
  - { name: team, slack_configs: [{ api_url: 'http://slack.example/', channel: '#x' }] }
inhibit_rules:
  - { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: [alert_group] }
time_intervals:
  - { name: nights, time_intervals: [{ times: [{ start_time: '00:00', end_time: '06:00' }] }] }
templates: ['/etc/alertmanager/*.tmpl']
`;
  const judged = parse(judgingConfig(original, 'am.yml'));

  it('keeps every group and every inhibition inside one state, without changing what groups or inhibits within it', () => {
    expect(judged.route.group_by).toEqual(['alert_group', RUN_LABEL, STATE_LABEL]);
    expect(judged.route.routes[0].group_by).toBeUndefined(); // inherits the root's
    expect(judged.route.routes[1].group_by).toEqual(['...']); // every label already
    expect(judged.inhibit_rules[0].equal).toEqual(['alert_group', RUN_LABEL, STATE_LABEL]);
  });

  it('sends nothing anywhere and drops what reads the wall clock', () => {
    expect(judged.receivers).toEqual([{ name: 'oncall' }, { name: 'team' }]);
    expect(judged.route.routes[0].mute_time_intervals).toBeUndefined();
    expect(judged.time_intervals).toBeUndefined();
    expect(judged.templates).toBeUndefined();
  });

  it('refuses what is not an Alertmanager configuration, naming the file', () => {
    expect(() => judgingConfig('receivers: []', 'mine.yml')).toThrow(/mine\.yml has no route/);
    expect(() => judgingConfig('route: [', 'mine.yml')).toThrow(/mine\.yml is not YAML/);
  });
});

describe('notificationEpisodes', () => {
  const crit = { alertname: 'Crit', severity: 'critical', alert_group: 'g' };
  const warn = { alertname: 'Warn', severity: 'warning', alert_group: 'g' };
  const other = { alertname: 'Other', severity: 'warning', alert_group: 'h' };
  const group = (state: number, receiver: string, alerts: [Record<string, string>, boolean][], labels: Record<string, string> = { alert_group: alerts[0][0].alert_group }): StateGroup =>
    ({ state, receiver, labels, alerts: alerts.map(([l, active]) => ({ labels: l, active })) });

  it('makes one notification of a group while any of its alerts fires, another alert joining it included', () => {
    const states = alertStates([ep('Warn', 10 * M, 60 * M, warn), ep('Other', 20 * M, 40 * M, other)], 120 * M).map((s) => s);
    // The states: [10,20) Warn; [20,40) Warn+Other; [40,60) Warn.
    const groups = [group(0, 'team', [[warn, true]]), group(1, 'team', [[warn, true]]), group(1, 'team', [[other, true]]), group(2, 'team', [[warn, true]])];
    expect(notificationEpisodes(states, groups).map((e) => [e.receiver, e.groupLabels.alert_group, e.from / M, e.to! / M])).toEqual([
      ['team', 'g', 10, 60],
      ['team', 'h', 20, 40],
    ]);
  });

  it('sends nothing for an alert muted from its first moment, and keeps a notified alert one notification while muted', () => {
    // Warn fires first (notified), Crit joins and mutes it, Crit resolves, Warn goes on: still one warning.
    const states = alertStates([ep('Warn', 10 * M, 50 * M, warn), ep('Crit', 20 * M, 40 * M, crit)], 90 * M);
    const groups = [
      group(0, 'team', [[warn, true]]),
      group(1, 'team', [[warn, false]]), group(1, 'oncall', [[crit, true]]),
      group(2, 'team', [[warn, true]]),
    ];
    const eps = notificationEpisodes(states, groups);
    expect(eps.map((e) => [e.receiver, e.from / M, e.to! / M])).toEqual([['team', 10, 50], ['oncall', 20, 40]]);
    // A warning muted all along by its page is never sent.
    const muted = notificationEpisodes(alertStates([ep('Crit', 10 * M, 50 * M, crit), ep('Warn', 20 * M, 40 * M, warn)], 90 * M), [
      group(0, 'oncall', [[crit, true]]),
      group(1, 'oncall', [[crit, true]]), group(1, 'team', [[warn, false]]),
      group(2, 'oncall', [[crit, true]]),
    ]);
    expect(muted.map((e) => e.receiver)).toEqual(['oncall']);
  });

  it('makes a new notification when a group fires again after all its alerts resolved, and leaves an open one open', () => {
    const states = alertStates([ep('Crit', 10 * M, 20 * M, crit), ep('Crit', 40 * M, null, crit)], 90 * M);
    const groups = [group(0, 'oncall', [[crit, true]]), group(1, 'oncall', [[crit, true]])];
    expect(notificationEpisodes(states, groups).map((e) => [e.from / M, e.to === null ? null : e.to / M])).toEqual([[10, 20], [40, null]]);
  });
});
