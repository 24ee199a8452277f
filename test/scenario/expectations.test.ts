import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';

const head = `name: e
summary: expectations
seed: 1
duration: 2h
traffic: { rate: 1/min }
`;

function problems(expectBlock: string, alerts?: string[]): string[] {
  try {
    parseScenario(head + expectBlock, 'e.yaml', alerts ? { alerts } : {});
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
    const alerts = (): string[] => (reads++, ['LunarGenerationStuck']);
    parseScenario(`${head}expect:\n  fire: []\n`, 'e.yaml', { alerts });
    expect(reads).toBe(0);
    expect(() => parseScenario(`${head}expect:\n  fire: []\n  allow: [LunarGenerationStuk]\n`, 'e.yaml', { alerts })).toThrow(/did you mean LunarGenerationStuck/);
    expect(reads).toBe(1);
  });

  it('refuse an alert both expected and allowed', () => {
    expect(problems('expect:\n  fire:\n    - { alert: A, firing_at_end: true }\n  allow: [A]\n')).toEqual([
      '9:expect.allow[0]: A is already expected to fire: list it once',
    ]);
  });
});
