/**
 * Compares a scenario's alert timelines with its `expect:` block. An expected alert must first fire inside its
 * window (a first firing before `after` is a false alarm, and fails); an allowed alert may do anything; every other
 * alert must never fire.
 */
import type { Scenario } from '../scenario/scenario.js';
import type { AlertEpisode } from './alert-timeline.js';
import type { AlertRule } from './rules.js';

export type Expectation = 'fire' | 'silent' | 'allowed' | 'none';

export interface AlertVerdict {
  alert: string;
  expected: Expectation;
  /** Window of the expected first firing, scenario ms. */
  after?: number;
  before?: number;
  labels?: Record<string, string>;
  /** First firing of the matching label sets, in scenario time (ms after time 0; negative in warm-up). */
  firstFiring: number | null;
  firings: number;
  value: number | null;
  ok: boolean;
  /** Why it failed, in words; empty when ok. */
  reason: string;
}

function matches(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

function firstFired(episodes: AlertEpisode[]): AlertEpisode | null {
  let first: AlertEpisode | null = null;
  for (const e of episodes) if (e.firedAt !== null && (first === null || e.firedAt < first.firedAt!)) first = e;
  return first;
}

/** One verdict per rule (and per `fire` entry naming an alert the rules lack). */
export function judge(scenario: Scenario, rules: readonly AlertRule[], episodes: readonly AlertEpisode[]): AlertVerdict[] {
  const t0 = scenario.start;
  const expect = scenario.expect;
  const verdicts: AlertVerdict[] = [];
  const names = [...new Set(rules.map((r) => r.name))];
  for (const name of names) {
    const own = episodes.filter((e) => e.alert === name);
    const fired = own.filter((e) => e.firedAt !== null);
    const wanted = expect?.fire.filter((f) => f.alert === name) ?? [];
    if (wanted.length === 0) {
      const first = firstFired(own);
      const expected: Expectation = !expect ? 'none' : expect.allow.includes(name) ? 'allowed' : 'silent';
      const ok = expected !== 'silent' || first === null;
      verdicts.push({
        alert: name,
        expected,
        firstFiring: first ? first.firedAt! - t0 : null,
        firings: fired.length,
        value: first?.value ?? null,
        ok,
        reason: ok ? '' : 'expected to stay silent, but it fired',
      });
      continue;
    }
    for (const w of wanted) {
      const matching = own.filter((e) => matches(e.labels, w.labels));
      const first = firstFired(matching);
      const at = first ? first.firedAt! - t0 : null;
      let reason = '';
      if (at === null) reason = 'expected to fire, but it never fired';
      else if (w.after !== undefined && at < w.after) reason = 'fired before its window';
      else if (w.before !== undefined && at > w.before) reason = 'fired after its window';
      const firings = matching.filter((e) => e.firedAt !== null).length;
      if (!reason && w.maxFirings !== undefined && firings > w.maxFirings) reason = `fired ${firings} times, at most ${w.maxFirings} expected`;
      verdicts.push({
        alert: name,
        expected: 'fire',
        after: w.after,
        before: w.before,
        labels: Object.keys(w.labels).length ? w.labels : undefined,
        firstFiring: at,
        firings,
        value: first?.value ?? null,
        ok: reason === '',
        reason,
      });
    }
  }
  for (const f of expect?.fire ?? []) {
    if (!names.includes(f.alert)) {
      verdicts.push({ alert: f.alert, expected: 'fire', firstFiring: null, firings: 0, value: null, ok: false, reason: 'no alert of that name in the rules' });
    }
  }
  return verdicts;
}
