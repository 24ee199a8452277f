import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';

const head = `name: e
summary: expectations
seed: 1
duration: 2h
traffic: { rate: 1/min }
`;

function problems(expectBlock: string, alerts?: string[], groups: string[] = []): string[] {
  try {
    parseScenario(head + expectBlock, 'e.yaml', alerts ? { rules: { alerts, groups } } : {});
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioInvalidError)) throw e;
    return e.problems.map((p) => `${p.line}:${p.path}: ${p.message}`);
  }
}

describe('expect: blocks', () => {
  it('require every expected firing to say when it resolves, or that it outlasts the run', () => {
    expect(problems('expect:\n  fire:\n    - { alert: A, after: 1h }\n')).toEqual([
      '8:expect.fire[0]: say when it must resolve: `resolve_before: <time>`, or `firing_at_end: true` if the incident outlasts the run',
    ]);
    expect(problems('expect:\n  fire:\n    - { alert: A, after: 1h, resolve_before: 1h30m }\n')).toEqual([]);
    expect(problems('expect:\n  fire:\n    - { alert: A, after: 1h, firing_at_end: true }\n')).toEqual([]);
  });

  it('refuse contradictory or impossible resolution windows, each on its line', () => {
    expect(problems('expect:\n  fire:\n    - { alert: A, resolve_before: 1h, firing_at_end: true }\n    - { alert: B, resolve_before: 3h }\n    - { alert: C, resolve_after: 1h, resolve_before: 30m }\n    - { alert: D, after: 1h, resolve_before: 30m }\n')).toEqual([
      '8:expect.fire[0].firing_at_end: give either `resolve_before` or `firing_at_end: true`, not both',
      '9:expect.fire[1].resolve_before: after the scenario ends (2h): use `firing_at_end: true`',
      '10:expect.fire[2].resolve_after: `resolve_after` is later than `resolve_before`',
      '11:expect.fire[3].resolve_before: it must resolve before it may first fire',
    ]);
  });

  it('default max_firings to 1', () => {
    const s = parseScenario(`${head}expect:\n  fire:\n    - { alert: A, firing_at_end: true }\n    - { alert: B, firing_at_end: true, max_firings: 3 }\n`, 'e.yaml');
    expect(s.expect!.fire.map((f) => f.maxFirings)).toEqual([1, 3]);
  });

  it('refuse alert names the rules lack, in fire: and in allow:, with a suggestion', () => {
    const alerts = ['LunarGenerationStuck', 'LunarCacheHitRateLow'];
    expect(problems('expect:\n  fire:\n    - { alert: LunarGenerationStuk, firing_at_end: true }\n  allow: [LunarCacheHitRateLo, Nope]\n', alerts)).toEqual([
      '8:expect.fire[0].alert: no alert named LunarGenerationStuk in the rules (did you mean LunarGenerationStuck?)',
      '9:expect.allow[0]: no alert named LunarCacheHitRateLo in the rules (did you mean LunarCacheHitRateLow?)',
      '9:expect.allow[1]: no alert named Nope in the rules',
    ]);
    // Without the rules, names cannot be checked: the file alone is valid.
    expect(problems('expect:\n  fire:\n    - { alert: LunarGenerationStuk, firing_at_end: true }\n')).toEqual([]);
  });

  it('read the rules only when a name needs checking, and then check it like a list', () => {
    let reads = 0;
    const rules = () => (reads++, { alerts: ['LunarGenerationStuck'], groups: ['stuck'] });
    parseScenario(`${head}expect:\n  fire: []\n`, 'e.yaml', { rules });
    expect(reads).toBe(0);
    expect(() => parseScenario(`${head}expect:\n  fire: []\n  allow: [LunarGenerationStuk]\n`, 'e.yaml', { rules })).toThrow(/did you mean LunarGenerationStuck/);
    expect(reads).toBe(1);
  });

  it('refuse an alert both expected and allowed', () => {
    expect(problems('expect:\n  fire:\n    - { alert: A, firing_at_end: true }\n  allow: [A]\n')).toEqual([
      '9:expect.allow[0]: A is already expected to fire: list it once',
    ]);
  });

  it('read page: and warn: as notifications: a phase or a time for the incident and the recovery, one per receiver by default', () => {
    const text = `${head}phases:\n  - { name: outage, at: 30m }\n  - { name: recovered, at: 1h }\nexpect:\n  page:\n    - { group: claude, after: outage, within: 15m, recovered: recovered, resolve_within: 20m, receiver: oncall }\n  warn:\n    - { group: latency, after: 45m, within: 30m, firing_at_end: true, max: 2 }\n`;
    const s = parseScenario(text, 'e.yaml', { rules: { alerts: ['A'], groups: ['claude', 'latency'] } });
    expect(s.expect!.notify).toEqual([
      { kind: 'page', group: 'claude', from: 30 * 60_000, fromName: 'outage', within: 15 * 60_000, recovered: 3_600_000, recoveredName: 'recovered', resolveWithin: 20 * 60_000, firingAtEnd: false, receiver: 'oncall', max: 1 },
      { kind: 'warn', group: 'latency', from: 45 * 60_000, fromName: '45m', within: 30 * 60_000, recovered: undefined, recoveredName: undefined, resolveWithin: undefined, firingAtEnd: true, receiver: undefined, max: 2 },
    ]);
  });

  it('refuse a notification that does not say how it ends, names no phase, or ends past the run, each on its line', () => {
    const phases = 'phases:\n  - { name: outage, at: 30m }\n';
    const at = (block: string, groups = ['claude']): string[] => {
      try {
        parseScenario(`${head}${phases}${block}`, 'e.yaml', { rules: { alerts: [], groups } });
        return [];
      } catch (e) {
        if (!(e instanceof ScenarioInvalidError)) throw e;
        return e.problems.map((p) => `${p.line}:${p.path}: ${p.message}`);
      }
    };
    expect(at('expect:\n  page:\n    - { group: claude, after: outage, within: 15m }\n')).toEqual([
      '10:expect.page[0]: say when it must resolve: `recovered: <phase or time>` and `resolve_within: <duration>`, or `firing_at_end: true` if the incident outlasts the run',
    ]);
    expect(at('expect:\n  page:\n    - { group: claude, after: outgae, within: 15m, firing_at_end: true }\n')).toEqual([
      '10:expect.page[0].after: no phase named outgae (did you mean outage?), and not a time such as 1h (phases: outage)',
    ]);
    expect(at('expect:\n  page:\n    - { group: claude, after: outage, within: 15m, recovered: 1h50m, resolve_within: 20m }\n')).toEqual([
      '10:expect.page[0].resolve_within: the resolution deadline falls after the scenario ends (2h): lengthen the scenario, or use `firing_at_end: true`',
    ]);
    expect(at('expect:\n  warn:\n    - { group: claud, after: outage, within: 15m, firing_at_end: true }\n')).toEqual([
      '10:expect.warn[0].group: no alert_group claud in the rules (did you mean claude?)',
    ]);
  });

  it('let allow: name an alert_group as well as an alert', () => {
    expect(problems('expect:\n  allow: [cost, LunarGenerationStuck]\n', ['LunarGenerationStuck'], ['cost'])).toEqual([]);
    expect(problems('expect:\n  allow: [cots]\n', ['LunarGenerationStuck'], ['cost'])).toEqual(['7:expect.allow[0]: no alert named cots in the rules (did you mean cost?)']);
  });
});
