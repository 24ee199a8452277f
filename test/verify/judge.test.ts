import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import type { AlertEpisode } from '../../src/verify/alert-timeline.js';
import { judge } from '../../src/verify/judge.js';
import type { AlertRule } from '../../src/verify/rules.js';

const H = 3_600_000;
const scenario = parseScenario(
  `name: j
summary: judge
seed: 1
duration: 4h
traffic: { rate: 1/min }
expect:
  fire:
    - { alert: Wanted, after: 1h, before: 2h, max_firings: 1 }
  allow: [Maybe]
`,
  'j.yaml',
);
const t0 = scenario.start;
const rules = ['Wanted', 'Maybe', 'Quiet'].map((name) => ({ name }) as AlertRule);

function fired(alert: string, at: number): AlertEpisode {
  return { alert, labels: { alertname: alert }, activeAt: t0 + at - 600_000, firedAt: t0 + at, resolvedAt: t0 + at + H / 4, value: 0.5 };
}

const verdictOf = (episodes: AlertEpisode[], alert: string) => judge(scenario, rules, episodes).find((v) => v.alert === alert)!;

describe('judge', () => {
  it('passes an expected alert that first fires inside its window', () => {
    expect(verdictOf([fired('Wanted', 1.5 * H)], 'Wanted')).toMatchObject({ ok: true, firstFiring: 1.5 * H, firings: 1 });
  });

  it('fails an expected alert that never fires, fires too early (a false alarm) or too late', () => {
    expect(verdictOf([], 'Wanted').reason).toBe('expected to fire, but it never fired');
    expect(verdictOf([fired('Wanted', 0.5 * H), fired('Wanted', 1.5 * H)], 'Wanted').reason).toBe('fired before its window');
    expect(verdictOf([fired('Wanted', 3 * H)], 'Wanted').reason).toBe('fired after its window');
  });

  it('fails an expected alert that fires more often than max_firings', () => {
    expect(verdictOf([fired('Wanted', 1.2 * H), fired('Wanted', 1.8 * H)], 'Wanted').reason).toBe('fired 2 times, at most 1 expected');
  });

  it('lets allowed alerts fire, and fails any other alert that fires', () => {
    expect(verdictOf([fired('Maybe', H)], 'Maybe')).toMatchObject({ expected: 'allowed', ok: true });
    expect(verdictOf([fired('Quiet', H)], 'Quiet')).toMatchObject({ expected: 'silent', ok: false, reason: 'expected to stay silent, but it fired' });
    expect(verdictOf([], 'Quiet')).toMatchObject({ expected: 'silent', ok: true });
  });

  it('ignores pending-only episodes: an alert that never fired is silent', () => {
    expect(verdictOf([{ ...fired('Quiet', H), firedAt: null, resolvedAt: null }], 'Quiet').ok).toBe(true);
  });

  it('reports an expected alert missing from the rules', () => {
    const v = judge(scenario, rules.slice(1), []).find((x) => x.alert === 'Wanted')!;
    expect(v).toMatchObject({ ok: false, reason: 'no alert of that name in the rules' });
  });
});
