/**
 * Judges what on-call received (notification episodes, from a real Alertmanager's routing, grouping and inhibition)
 * against a scenario's `page:` and `warn:` expectations (docs/alerting-policy.md): a notification of the class
 * (alert_group) and severity, first sent no earlier than the incident's start and no later than its deadline, at most
 * `max` per receiver, to the named receiver, resolved within its deadline after recovery — or still firing at the end.
 * A notification of an expected class at a severity nobody expected (a page where a warning was due) fails too; a
 * warning ahead of its class's page is the team hearing first, and is allowed, but not one sent while the page is
 * out (a page mutes its class's warnings). Pure.
 */
import { formatDuration } from '../core/units.js';
import type { NotificationEpisode } from '../notify/notification-episodes.js';
import type { ExpectedNotification, Scenario } from '../scenario/scenario.js';
import type { AlertVerdict } from './judge.js';

const SEVERITY = { page: 'critical', warn: 'warning' } as const;
const KIND_OF: Record<string, ExpectedNotification['kind']> = { critical: 'page', warning: 'warn' };

function t(ms: number): string {
  return ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms);
}

/** The episodes that carry an alert of this class and severity. */
function matching(episodes: readonly NotificationEpisode[], kind: ExpectedNotification['kind'], group: string): NotificationEpisode[] {
  return episodes.filter((e) => e.alerts.some((a) => a.severity === SEVERITY[kind] && a.alert_group === group));
}

function lastResolution(eps: readonly NotificationEpisode[], t0: number): number | null {
  return eps.some((e) => e.to === null) ? null : Math.max(...eps.map((e) => e.to!)) - t0;
}

function reasonFor(e: ExpectedNotification, eps: readonly NotificationEpisode[], t0: number): string {
  const what = `${e.kind === 'page' ? 'a page' : 'a warning'} of ${e.group}`;
  const incident = `${e.fromName}${e.fromName === t(e.from) ? '' : ` (${t(e.from)})`}`;
  if (eps.length === 0) return `expected ${what} within ${formatDuration(e.within)} of ${incident}, none was sent`;
  const first = Math.min(...eps.map((x) => x.from)) - t0;
  if (first < e.from) return `${what} was sent at ${t(first)}, before the incident began (${incident})`;
  if (first > e.from + e.within) return `${what} was first sent at ${t(first)}, ${formatDuration(first - e.from)} after ${incident}: the deadline is ${formatDuration(e.within)}`;
  for (const receiver of new Set(eps.map((x) => x.receiver))) {
    const own = eps.filter((x) => x.receiver === receiver);
    if (own.length > e.max) {
      return `${what} was sent ${own.length} times to ${receiver} (at ${own.map((x) => t(x.from - t0)).join(', ')}): one incident, ${e.max === 1 ? 'one notification' : `at most ${e.max}`}`;
    }
  }
  if (e.receiver !== undefined) {
    const elsewhere = [...new Set(eps.map((x) => x.receiver))].filter((r) => r !== e.receiver);
    if (elsewhere.length > 0) return `${what} reached ${elsewhere.join(', ')}; expected ${e.receiver} only`;
  }
  const resolved = lastResolution(eps, t0);
  if (e.firingAtEnd) return resolved === null ? '' : `${what} resolved at ${t(resolved)}, expected still firing at the end`;
  const recovered = `${e.recoveredName}${e.recoveredName === t(e.recovered!) ? '' : ` (${t(e.recovered!)})`}`;
  if (resolved === null) return `${what} still fires at the end; expected resolved within ${formatDuration(e.resolveWithin!)} of ${recovered}`;
  if (resolved < e.recovered!) return `${what} resolved at ${t(resolved)}, before the recovery (${recovered})`;
  if (resolved > e.recovered! + e.resolveWithin!) {
    return `${what} resolved at ${t(resolved)}, ${formatDuration(resolved - e.recovered!)} after ${recovered}: the deadline is ${formatDuration(e.resolveWithin!)}`;
  }
  return '';
}

function expectedVerdict(e: ExpectedNotification, episodes: readonly NotificationEpisode[], t0: number): AlertVerdict {
  const eps = matching(episodes, e.kind, e.group).sort((a, b) => a.from - b.from);
  const reason = reasonFor(e, eps, t0);
  return {
    alert: e.group,
    expected: e.kind,
    after: e.from,
    before: e.from + e.within,
    resolveAfter: e.firingAtEnd ? undefined : e.recovered,
    resolveBefore: e.firingAtEnd ? undefined : e.recovered! + e.resolveWithin!,
    labels: e.receiver === undefined ? undefined : { receiver: e.receiver },
    firstFiring: eps.length ? eps[0].from - t0 : null,
    resolvedAt: eps.length ? lastResolution(eps, t0) : null,
    firings: eps.length,
    value: null,
    ok: reason === '',
    reason,
  };
}

/**
 * Notifications of an expected class at a severity no entry expects (a warning is allowed where its class pages),
 * unless the alert or its class is in `allow:`.
 */
function unexpectedVerdicts(scenario: Scenario, episodes: readonly NotificationEpisode[], t0: number): AlertVerdict[] {
  const expect = scenario.expect!;
  const expected = new Set(expect.notify.map((n) => `${n.kind} ${n.group}`));
  const paged = new Set(expect.notify.filter((n) => n.kind === 'page').map((n) => n.group));
  const out = new Map<string, AlertVerdict>();
  for (const ep of episodes) {
    for (const a of ep.alerts) {
      const kind = KIND_OF[a.severity];
      const group = a.alert_group;
      if (!kind || !group || !expect.notify.some((n) => n.group === group)) continue;
      if (expected.has(`${kind} ${group}`) || (kind === 'warn' && paged.has(group))) continue;
      if (expect.allow.includes(a.alertname) || expect.allow.includes(group) || expect.fire.some((f) => f.alert === a.alertname)) continue;
      const k = `${kind} ${group}`;
      const at = ep.from - t0;
      const known = out.get(k);
      if (known) {
        known.firings++;
        continue;
      }
      out.set(k, {
        alert: group,
        expected: kind === 'page' ? 'no-page' : 'no-warn',
        firstFiring: at,
        resolvedAt: ep.to === null ? null : ep.to - t0,
        firings: 1,
        value: null,
        ok: false,
        reason: `${kind === 'page' ? 'a page' : 'a warning'} of ${group} (${a.alertname}) was sent at ${t(at)} to ${ep.receiver}; no ${kind} of ${group} is expected`,
      });
    }
  }
  return [...out.values()];
}

/**
 * A warning of a named class first sent while a page of that class is out (the policy: a page mutes its class's
 * warnings). A warning sent before the page, the team hearing first, is not one: it was sent before.
 */
function unmutedWarningVerdicts(scenario: Scenario, episodes: readonly NotificationEpisode[], t0: number): AlertVerdict[] {
  const out: AlertVerdict[] = [];
  for (const group of new Set(scenario.expect!.notify.map((n) => n.group))) {
    const pages = matching(episodes, 'page', group);
    const during = matching(episodes, 'warn', group).filter((w) => !pages.includes(w) && pages.some((p) => p.from <= w.from && (p.to === null || w.from < p.to)));
    if (during.length === 0) continue;
    const w = during[0];
    out.push({
      alert: group,
      expected: 'no-warn',
      firstFiring: w.from - t0,
      resolvedAt: w.to === null ? null : w.to - t0,
      firings: during.length,
      value: null,
      ok: false,
      reason: `a warning of ${group} was sent at ${t(w.from - t0)} to ${w.receiver} while its page was out: a page mutes its class's warnings`,
    });
  }
  return out;
}

/**
 * One verdict per `page:`/`warn:` entry, plus one per class notified at a severity nobody expected, and one per class
 * warned while paged.
 */
export function judgeNotifications(scenario: Scenario, episodes: readonly NotificationEpisode[]): AlertVerdict[] {
  const notify = scenario.expect?.notify ?? [];
  if (notify.length === 0) return [];
  const t0 = scenario.start;
  return [...notify.map((e) => expectedVerdict(e, episodes, t0)), ...unexpectedVerdicts(scenario, episodes, t0), ...unmutedWarningVerdicts(scenario, episodes, t0)];
}
