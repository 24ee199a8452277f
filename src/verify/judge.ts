/**
 * Compares a scenario's alert timelines with its `expect:` block. An expected alert must first fire inside its
 * window (a first firing before `after` is a false alarm, and fails), fire at most `max_firings` times (1 by default),
 * and resolve inside its resolution window — or still be firing at the end when the scenario says the incident
 * outlasts the run. An allowed alert (by name or alert_group) may do anything. The alerts of a class that `page:` or
 * `warn:` names are judged by what they notify (notification-judge.ts). Every other alert must never fire. Names in
 * `fire:` or `allow:` that the rules lack fail: a typo must not loosen a test.
 */
import type { NotificationEpisode } from '../notify/notification-episodes.js';
import type { ExpectedAlert, Scenario } from '../scenario/scenario.js';
import type { AlertEpisode } from './alert-timeline.js';
import { judgeNotifications } from './notification-judge.js';
import type { AlertRule } from './rules.js';

/**
 * fire / silent / allowed / none (no expect:) judge one alert; `notified`: the alert's class is judged by its
 * notifications; page / warn: a notification expectation; no-page / no-warn: a class notified at a severity nobody
 * expected.
 */
export type Expectation = 'fire' | 'silent' | 'allowed' | 'none' | 'notified' | 'page' | 'warn' | 'no-page' | 'no-warn';

export interface AlertVerdict {
  alert: string;
  expected: Expectation;
  /** Window of the expected first firing, scenario ms. */
  after?: number;
  before?: number;
  /** Window of the expected resolution, scenario ms; `resolveBefore` undefined with `expected: 'fire'` = firing at the end. */
  resolveAfter?: number;
  resolveBefore?: number;
  labels?: Record<string, string>;
  /** First firing of the matching label sets, in scenario time (ms after time 0; negative in warm-up). */
  firstFiring: number | null;
  /** Resolution of the last firing, scenario time; null when never fired or still firing at the end. */
  resolvedAt: number | null;
  firings: number;
  value: number | null;
  ok: boolean;
  /** Why it failed, in words; empty when ok. */
  reason: string;
}

function matches(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

function byFiring(episodes: readonly AlertEpisode[]): AlertEpisode[] {
  return episodes.filter((e) => e.firedAt !== null).sort((a, b) => a.firedAt! - b.firedAt!);
}

/** The last firing's resolution (scenario ms), or null if it still fires at the end. */
function lastResolution(fired: readonly AlertEpisode[], t0: number): number | null {
  if (fired.some((e) => e.resolvedAt === null)) return null;
  return Math.max(...fired.map((e) => e.resolvedAt!)) - t0;
}

function firingReason(w: ExpectedAlert, at: number | null, firings: number, resolvedAt: number | null): string {
  if (at === null) return 'expected to fire, but it never fired';
  if (w.after !== undefined && at < w.after) return 'fired before its window';
  if (w.before !== undefined && at > w.before) return 'fired after its window';
  if (firings > w.maxFirings) return `fired ${firings} times, at most ${w.maxFirings} expected`;
  if (w.resolveBefore === undefined) return resolvedAt === null ? '' : 'resolved, but expected still firing at the end';
  if (resolvedAt === null) return 'still firing at the end, expected to resolve';
  if (resolvedAt > w.resolveBefore) return 'resolved after its window';
  if (w.resolveAfter !== undefined && resolvedAt < w.resolveAfter) return 'resolved before its window';
  return '';
}

function expectedVerdict(name: string, w: ExpectedAlert, own: readonly AlertEpisode[], t0: number): AlertVerdict {
  const fired = byFiring(own.filter((e) => matches(e.labels, w.labels)));
  const first = fired[0];
  const at = first ? first.firedAt! - t0 : null;
  const resolvedAt = first ? lastResolution(fired, t0) : null;
  const reason = firingReason(w, at, fired.length, resolvedAt);
  return {
    alert: name,
    expected: 'fire',
    after: w.after,
    before: w.before,
    resolveAfter: w.resolveAfter,
    resolveBefore: w.resolveBefore,
    labels: Object.keys(w.labels).length ? w.labels : undefined,
    firstFiring: at,
    resolvedAt,
    firings: fired.length,
    value: first?.value ?? null,
    ok: reason === '',
    reason,
  };
}

function otherVerdict(name: string, expected: Expectation, own: readonly AlertEpisode[], t0: number): AlertVerdict {
  const fired = byFiring(own);
  const first = fired[0];
  const ok = expected !== 'silent' || first === undefined;
  return {
    alert: name,
    expected,
    firstFiring: first ? first.firedAt! - t0 : null,
    resolvedAt: first ? lastResolution(fired, t0) : null,
    firings: fired.length,
    value: first?.value ?? null,
    ok,
    reason: ok ? '' : 'expected to stay silent, but it fired',
  };
}

function expectationOf(rule: AlertRule, scenario: Scenario): Expectation {
  const expect = scenario.expect;
  if (!expect) return 'none';
  const group = rule.labels.alert_group;
  if (expect.allow.includes(rule.name) || (group !== undefined && expect.allow.includes(group))) return 'allowed';
  if (group !== undefined && expect.notify.some((n) => n.group === group)) return 'notified';
  return 'silent';
}

/**
 * One verdict per rule (per `fire:` entry for expected ones), one per `page:`/`warn:` entry (judged on
 * `notifications`, which a scenario with such entries needs), plus one per name in `expect:` the rules lack.
 */
export function judge(
  scenario: Scenario,
  rules: readonly AlertRule[],
  episodes: readonly AlertEpisode[],
  notifications: readonly NotificationEpisode[] | null = null,
): AlertVerdict[] {
  const t0 = scenario.start;
  const expect = scenario.expect;
  const verdicts: AlertVerdict[] = [];
  const names = [...new Set(rules.map((r) => r.name))];
  for (const name of names) {
    const own = episodes.filter((e) => e.alert === name);
    const wanted = expect?.fire.filter((f) => f.alert === name) ?? [];
    if (wanted.length > 0) {
      for (const w of wanted) verdicts.push(expectedVerdict(name, w, own, t0));
    } else {
      verdicts.push(otherVerdict(name, expectationOf(rules.find((r) => r.name === name)!, scenario), own, t0));
    }
  }
  if (expect && expect.notify.length > 0) {
    if (notifications === null) throw new Error(`${scenario.name}: page:/warn: expectations need the notifications of an Alertmanager`);
    verdicts.push(...judgeNotifications(scenario, notifications));
  }
  const groups = new Set(rules.flatMap((r) => (r.labels.alert_group ? [r.labels.alert_group] : [])));
  const allowedAlerts = (expect?.allow ?? []).filter((n) => !groups.has(n));
  const unknown = new Set([...(expect?.fire.map((f) => f.alert) ?? []), ...allowedAlerts].filter((n) => !names.includes(n)));
  for (const alert of unknown) {
    const expected: Expectation = expect!.allow.includes(alert) ? 'allowed' : 'fire';
    verdicts.push({ alert, expected, firstFiring: null, resolvedAt: null, firings: 0, value: null, ok: false, reason: 'no alert of that name in the rules' });
  }
  return verdicts;
}
