/**
 * `validate` reports structural and cross-field problems in one pass, and common shape mistakes get a hint
 * (issue 10, "What to build").
 */
import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/errors.js';
import { seriesProblems } from '../../src/runtime/run-budget.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { problemsOf } from '../support/problems.js';

const valid = 'name: ok\nsummary: fine\nseed: 1\nduration: 1h\ntraffic: { rate: 10/min }\n';

describe('one pass', () => {
  it('runs the cross-field checks on what parsed when the structure has problems too', () => {
    const problems = problemsOf(`name: two-kinds
summary: a schema problem and cross-field ones
seed: 1
duration: 1h
traffic: { rate: 10/min }
colour: blue
base:
  cache: { hit_ratio: 7 }
  claude:
    errors: { api_error: 0.7, overloaded: 0.5 }
    models: { my-model: 1 }
phases:
  - { name: late, at: 2h }
`);
    expect(problems.map((p) => `${p.line} ${p.path}`)).toEqual([
      '6 colour',
      '8 base.cache.hit_ratio',
      '10 base.claude.errors',
      '11 base.claude.models.my-model',
      '13 phases[0].at',
    ]);
  });

  it('checks phases against the duration even when another phase is malformed', () => {
    const problems = problemsOf(`${valid}phases:\n  - { name: a, at: 2h }\n  - { name: b, at: soon }\n`);
    expect(problems.map((p) => p.path).sort()).toEqual(['phases[0].at', 'phases[1].at']);
  });

  it('skips the checks that need a field when that field is broken, rather than guessing', () => {
    const problems = problemsOf('name: x\nsummary: x\nseed: 1\nduration: forever\ntraffic: { rate: 10/min }\nphases:\n  - { name: a, at: 2h }\n');
    expect(problems.map((p) => p.path)).toEqual(['duration']);
  });
});

describe('hints for common shape mistakes', () => {
  it.each([
    ['base: { claude: { tokens_per_second: 24 } }', 'base.claude.tokens_per_second', 'expected a mapping such as `{ median: 24 }`'],
    ['base: { claude: { ttft: 2s } }', 'base.claude.ttft', 'expected a mapping such as `{ median: 2s }`'],
    ['base: { claude: { models: claude-opus-4-5-20251101 } }', 'base.claude.models', 'expected a mapping of model id to weight, such as `{ claude-opus-4-5-20251101: 1 }`'],
    ['base: { cache: { hit_ratio: 70 } }', 'base.cache.hit_ratio', 'a probability cannot be above 1 (70 %? write 0.7)'],
    ['base: { claude: { timeout: 30 } }', 'base.claude.timeout', 'expected a duration such as 90s, 30m, 1h30m or 24h: 30 has no unit (30s? 30m?)'],
    ['base: { cache: { hit_ratio: "0.5" } }', 'base.cache.hit_ratio', 'expected a number, not the text "0.5": remove the quotes'],
    ['base: { cache: { hit_rate: 0.5 } }', 'base.cache.hit_rate', 'unknown key "hit_rate" (did you mean "hit_ratio"?)'],
  ])('%s', (line, path, message) => {
    expect(problemsOf(`${valid}${line}\n`)).toContainEqual(expect.objectContaining({ path, message }));
  });

  it('reads only whole numbers up to 100 as percentages', () => {
    expect(problemsOf(`${valid}base: { cache: { hit_ratio: 1.5 } }\n`)).toContainEqual(expect.objectContaining({ message: 'a probability cannot be above 1' }));
  });

  it('hints at the unit of a rate written as a bare number', () => {
    const problems = problemsOf('name: x\nsummary: x\nseed: 1\nduration: 1h\ntraffic: { rate: 40 }\n');
    expect(problems).toContainEqual(expect.objectContaining({ path: 'traffic.rate', message: 'expected a rate such as 40/min, 2/s or 500/h: 40 has no time unit (40/min? 40/s?)' }));
  });

  it('hints that phases are a list', () => {
    const problems = problemsOf(`${valid}phases:\n  slow: { at: 10m }\n`);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'phases', message: 'expected a list, each item starting with `- name: …`' }));
  });
});

describe('one pass, whatever else is wrong (issue 20)', () => {
  it('reports a bad name above a YAML syntax error, not only the syntax error', () => {
    const problems = problemsOf('name: Bad Name\nsummary: x\nseed: 1\nduration: 1 hour\ntraffic: { rate: 1/min }\nfoo: [1, 2\n');
    expect(problems.map((p) => `${p.line} ${p.path}: ${p.message.split(',')[0]}`)).toEqual([
      '1 name: a scenario name is kebab-case',
      '4 duration: expected a duration such as 90s',
      '7 (root): YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ].map((l) => l.replace('(root)', '')));
  });

  it('does not guess below the syntax error: nothing there is reported as missing or wrong', () => {
    const problems = problemsOf('name: ok\nsummary: x\nseed: [1\nduration: 1h\ntraffic: { rate: 1/min }\n');
    expect(problems.every((p) => p.message.startsWith('YAML:'))).toBe(true);
  });

  it("runs a command's own checks (the run's budget) next to a bad name", () => {
    const models = '{ claude-opus-4-5-20251101: 1, claude-sonnet-4-5-20250929: 1, claude-haiku-4-5-20251001: 1 }';
    const text = `name: Bad Name\nsummary: x\nseed: 1\nduration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { models: ${models} } }\nuser_id_label: { users: 10000 }\n`;
    let problems: { path: string }[] = [];
    try {
      parseScenario(text, 'b.yaml', { checks: seriesProblems });
    } catch (e) {
      problems = (e as ScenarioInvalidError).problems;
    }
    expect(problems.map((p) => p.path)).toEqual(['name', 'user_id_label.users']);
  });
});
