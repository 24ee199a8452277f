import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/errors.js';
import { loadScenario, scenarioNames } from '../../src/scenario/catalogue.js';
import { LIMITS } from '../../src/limits.js';
import { LIST_PRICES } from '../../src/model/pricing.js';
import { DEFAULT_PROFILE } from '../../src/scenario/defaults.js';
import { parseProfileOverride, type OverrideContext } from '../../src/scenario/override.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { problemsOf } from '../support/problems.js';
import { SCHEMA_FILE, scenarioJsonSchema } from '../../src/scenario/write-schema.js';

const valid = `name: ok
summary: fine
seed: 1
duration: 1h
traffic: { rate: 10/min }
`;

describe('parseScenario', () => {
  it('parses a minimal scenario and fills in the defaults', () => {
    const s = parseScenario(valid, 'x');
    expect(s.duration).toBe(3_600_000);
    expect(s.traffic.rate).toBeCloseTo(10 / 60);
    expect(s.step).toBe(15_000);
    expect(s.base.cache.hit_ratio).toBe(0.7);
    expect(s.expect).toBeNull();
  });

  it('reports every problem at once, each with its path and line', () => {
    const problems = problemsOf(`name: broken
summary: x
seed: 3
duration: 10 minutes
colour: blue
traffic:
  rate: -3/min
base:
  cache:
    hit_ratio: 1.4
phases:
  - name: p
    at: 2h
    bogus: 1
`);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['base.cache.hit_ratio', 'colour', 'duration', 'phases[0].bogus', 'traffic.rate']);
    expect(byPath.duration.line).toBe(4);
    expect(byPath.colour).toMatchObject({ line: 5, message: 'unknown key "colour"' });
    expect(byPath['traffic.rate'].line).toBe(7);
    expect(byPath['base.cache.hit_ratio']).toMatchObject({ line: 10, message: expect.stringMatching(/above 1/) });
    expect(byPath['phases[0].bogus'].line).toBe(14);
  });

  it('checks fields against each other once the structure is right', () => {
    const problems = problemsOf(`${valid}base:
  claude:
    errors: { api_error: 0.7, overloaded: 0.5 }
    models: { my-model: 1 }
phases:
  - { name: a, at: 30m, ramp: 20m }
  - { name: b, at: 40m }
  - { name: b, at: 2h }
`);
    const text = problems.map((p) => `${p.line} ${p.path}: ${p.message}`).join('\n');
    expect(text).toMatch(/^8 base\.claude\.errors: .*add up to 1\.2/m);
    expect(text).toMatch(/^9 base\.claude\.models\.my-model: no prices for model my-model/m);
    expect(text).toMatch(/^11 phases\[0\]\.ramp: the ramp ends after the next phase \(b\) starts/m);
    expect(text).toMatch(/^13 phases\[2\]\.name: phase name "b" is used twice/m);
    expect(text).toMatch(/^13 phases\[2\]\.at: starts at 2h, after the scenario ends/m);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('name: x\nsummary: [unclosed\nseed: 1\n');
    expect(problems[0].message).toMatch(/^YAML:/);
    expect(problems[0].line).toBeGreaterThanOrEqual(2);
  });

  it('refuses `timeout` as a drawn error type, saying why', () => {
    const problems = problemsOf(`${valid}base: { claude: { errors: { timeout: 0.1 } } }\n`);
    expect(problems[0]).toMatchObject({ path: 'base.claude.errors.timeout', message: expect.stringMatching(/outlasts claude.timeout/) });
  });
});

describe('parseProfileOverride', () => {
  const context: OverrideContext = {
    profiles: [{ profile: DEFAULT_PROFILE, phase: null }],
    prices: LIST_PRICES,
    peakRate: 1,
    named: { models: new Set(), errorTypes: new Set() },
  };

  it('accepts a partial profile and converts durations to seconds', () => {
    expect(parseProfileOverride({ claude: { ttft: { median: '20s' } } }, context).override).toEqual({ claude: { ttft: { median: 20 } } });
  });

  it('names each bad field', () => {
    expect(() => parseProfileOverride({ cache: { hit_ratio: 2 }, nope: 1 }, context)).toThrow(ScenarioInvalidError);
    try {
      parseProfileOverride({ cache: { hit_ratio: 2 }, nope: 1 }, context);
    } catch (e) {
      expect((e as ScenarioInvalidError).problems.map((p) => p.path).sort()).toEqual(['cache.hit_ratio', 'nope']);
    }
  });
});

describe('fleet scenarios', () => {
  it('parses replicas, a balancer and replica-scoped phases', () => {
    const s = parseScenario(`${valid}fleet: { replicas: 5, balancer: least-in-flight }
phases:
  - { name: deploy, at: 10m, rollout: { every: 2m } }
  - { name: stuck, at: 30m, replicas: [3, 1, 3], profile: { claude: { hang: { probability: 0.5 } } } }
`, 'f.yaml');
    expect(s.fleet).toEqual({ replicas: 5, balancer: 'least-in-flight' });
    expect(s.phases[0].rollout).toEqual({ every: 120_000 });
    expect(s.phases[1].replicas).toEqual([1, 3]);
  });

  it('refuses replica fields without a fleet, slots that do not exist, and a rollout that outlasts the run', () => {
    const without = problemsOf(`${valid}phases:
  - { name: a, at: 10m, replicas: [0], drain: true }
`);
    expect(without.map((p) => p.path)).toEqual(['phases[0].replicas', 'phases[0].drain']);
    expect(without[0].message).toContain('needs a fleet');
    const wrong = problemsOf(`${valid}fleet: { replicas: 3 }
phases:
  - { name: a, at: 10m, replicas: [4] }
  - { name: b, at: 50m, rollout: { every: 10m } }
  - { name: c, at: 55m, replicas: [0], traffic: { rate: 1/min } }
`);
    expect(wrong.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'phases[0].replicas: no replica 4: slots are 0 to 2',
      'phases[1].rollout: the rolling deploy ends at 1h10m, after the scenario (1h)',
      "phases[2].traffic: traffic is the whole fleet's: a phase scoped to replicas cannot change it",
    ]);
    expect(problemsOf(`${valid}fleet: { replicas: 51 }
`)[0]).toMatchObject({ path: 'fleet.replicas', line: 6 });
  });
});

describe('the shipped scenarios', () => {
  it('all validate', () => {
    expect(scenarioNames()).toContain('baseline');
    for (const name of scenarioNames()) expect(loadScenario(name).name).toBe(name);
  });

  it('have an up-to-date JSON Schema (run `npm run schema` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchema());
  });
});

describe('a live override has the shape bounds of a scenario document (issue 20, finding 3)', () => {
  it('refuses nesting deeper than LIMITS.documentDepth, naming the bound', () => {
    const context: OverrideContext = { profiles: [{ profile: DEFAULT_PROFILE, phase: null }], prices: LIST_PRICES, peakRate: 1, named: { models: new Set(), errorTypes: new Set() } };
    let deep: unknown = 1;
    for (let i = 0; i <= LIMITS.documentDepth; i++) deep = { claude: deep };
    const e = (() => {
      try {
        parseProfileOverride(deep, context);
      } catch (error) {
        return error as ScenarioInvalidError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.problems).toEqual([{ path: '', message: `nested deeper than ${LIMITS.documentDepth} levels, the limit of a scenario document` }]);
  });
});
