import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import type { AlertEpisode } from '../../src/verify/alert-timeline.js';
import { judge } from '../../src/verify/judge.js';
import type { AlertRule } from '../../src/verify/rules.js';

const H = 3_600_000;
const M = 60_000;
const scenario = parseScenario(
  `name: j
summary: judge
seed: 1
duration: 4h
traffic: { rate: 1/min }
expect:
  fire:
    - { alert: Wanted, after: 1h, before: 2h, resolve_after: 2h, resolve_before: 3h }
    - { alert: Outlasting, after: 1h, before: 2h, firing_at_end: true }
    - { alert: Flapping, after: 1h, before: 2h, resolve_before: 4h, max_firings: 2 }
  allow: [Maybe]
`,
  'j.yaml',
);
const t0 = scenario.start;
const names = ['Wanted', 'Outlasting', 'Flapping', 'Maybe', 'Quiet'];
const rules = names.map((name) => ({ name, labels: {} }) as AlertRule);

function fired(alert: string, at: number, resolvedAfter: number | null = 1.25 * H): AlertEpisode {
  return { alert, labels: { alertname: alert }, activeAt: t0 + at - 10 * M, firedAt: t0 + at, resolvedAt: resolvedAfter === null ? null : t0 + at + resolvedAfter, value: 0.5 };
}

const verdictOf = (episodes: AlertEpisode[], alert: string) => judge(scenario, rules, episodes).find((v) => v.alert === alert)!;

describe('judge', () => {
  it('passes an expected alert that first fires inside its window and resolves inside its resolution window', () => {
    expect(verdictOf([fired('Wanted', 1.5 * H)], 'Wanted')).toMatchObject({ ok: true, firstFiring: 1.5 * H, resolvedAt: 2.75 * H, firings: 1 });
  });

  it('fails an expected alert that never fires, fires too early (a false alarm) or too late', () => {
    expect(verdictOf([], 'Wanted').reason).toBe('expected to fire, but it never fired');
    expect(verdictOf([fired('Wanted', 0.5 * H, 10 * M), fired('Wanted', 1.5 * H)], 'Wanted').reason).toBe('fired before its window');
    expect(verdictOf([fired('Wanted', 3 * H)], 'Wanted').reason).toBe('fired after its window');
  });

  it('holds an expected alert to one firing by default, and to max_firings when given', () => {
    expect(verdictOf([fired('Wanted', 1.2 * H, 10 * M), fired('Wanted', 1.8 * H, H)], 'Wanted').reason).toBe('fired 2 times, at most 1 expected');
    expect(verdictOf([fired('Flapping', 1.2 * H, 10 * M), fired('Flapping', 1.8 * H, H)], 'Flapping').ok).toBe(true);
    expect(verdictOf([1.1, 1.5, 1.9].map((h) => fired('Flapping', h * H, 10 * M)), 'Flapping').reason).toBe('fired 3 times, at most 2 expected');
  });

  it('checks when the last firing resolves: not before resolve_after, not after resolve_before, not never', () => {
    expect(verdictOf([fired('Wanted', 1.5 * H, 0.25 * H)], 'Wanted').reason).toBe('resolved before its window');
    expect(verdictOf([fired('Wanted', 1.5 * H, 2 * H)], 'Wanted').reason).toBe('resolved after its window');
    expect(verdictOf([fired('Wanted', 1.5 * H, null)], 'Wanted').reason).toBe('still firing at the end, expected to resolve');
  });

  it('expects firing_at_end alerts to be still firing when the run ends', () => {
    expect(verdictOf([fired('Outlasting', 1.5 * H, null)], 'Outlasting')).toMatchObject({ ok: true, resolvedAt: null });
    expect(verdictOf([fired('Outlasting', 1.5 * H)], 'Outlasting').reason).toBe('resolved, but expected still firing at the end');
  });

  it('lets allowed alerts fire, and fails any other alert that fires', () => {
    expect(verdictOf([fired('Maybe', H)], 'Maybe')).toMatchObject({ expected: 'allowed', ok: true });
    expect(verdictOf([fired('Quiet', H)], 'Quiet')).toMatchObject({ expected: 'silent', ok: false, reason: 'expected to stay silent, but it fired' });
    expect(verdictOf([], 'Quiet')).toMatchObject({ expected: 'silent', ok: true });
  });

  it('ignores pending-only episodes: an alert that never fired is silent', () => {
    expect(verdictOf([{ ...fired('Quiet', H), firedAt: null, resolvedAt: null }], 'Quiet').ok).toBe(true);
  });

  it('fails names in fire: and allow: that the rules lack, so a typo cannot loosen the test', () => {
    const few = rules.filter((r) => r.name !== 'Wanted' && r.name !== 'Maybe');
    const verdicts = judge(scenario, few, []);
    expect(verdicts.find((x) => x.alert === 'Wanted')).toMatchObject({ expected: 'fire', ok: false, reason: 'no alert of that name in the rules' });
    expect(verdicts.find((x) => x.alert === 'Maybe')).toMatchObject({ expected: 'allowed', ok: false, reason: 'no alert of that name in the rules' });
  });
});
