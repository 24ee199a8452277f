/**
 * The scenario reader under random input (issue 10, part 3): documents from the schema's space, then mutated as
 * text (YAML anchors and aliases, flow brackets, odd scalars, cut or repeated lines). Whatever the input, parsing
 * ends with a Scenario or a ScenarioInvalidError — never another exception — and an accepted scenario's run can
 * be budgeted without error.
 *
 * A fixed seed and a short run here; `npm run fuzz` runs longer (FUZZ_RUNS, FUZZ_SEED), see docs/limits.md.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/errors.js';
import { LIMITS } from '../../src/limits.js';
import { virtualRunChecks } from '../../src/runtime/run-budget.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fuzzSettings, scenarioDocument } from '../support/arbitraries.js';

/** Tokens that have broken YAML readers: anchors, aliases, tags, flow brackets, special floats, odd keys. */
const TRAPS = ['&a', '*a', '*b', '!!binary', '!!js/function', '[', ']', '{', '}', '.nan', '.inf', '-.inf', '~', '__proto__:', '<<: *a', '? ', '|', '>-', '"\\u0000"', '1e999', '0x1F', '- ', ': ', '#', '\t'];

type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'cut'; at: number; length: number } | { kind: 'repeat-line'; line: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TRAPS), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('repeat-line' as const), line: fc.nat(), times: fc.integer({ min: 2, max: 50 }) }),
);

function mutate(text: string, m: Mutation): string {
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  if (m.kind === 'cut') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + m.length);
  }
  const lines = text.split('\n');
  const i = m.line % lines.length;
  return [...lines.slice(0, i), ...new Array<string>(m.times).fill(lines[i]), ...lines.slice(i + 1)].join('\n');
}

/** A document that expands itself through aliases, `depth` levels of ten. */
function laughs(depth: number): string {
  const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= depth; i++) levels.push(`l${i}: &l${i} [${new Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return `${levels.join('\n')}\n`;
}

const scenarioText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(scenarioDocument, fc.array(mutation, { maxLength: 4 })).map(([doc, ms]) => ms.reduce(mutate, stringify(doc))) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map(laughs) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('[', '{', '- ', '  a:\n'), fc.integer({ min: 1, max: 20_000 })).map(([open, n]) => `name: ${open.repeat(n)}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

function readEnds(text: string): void {
  let scenario;
  try {
    scenario = parseScenario(text, 'fuzz.yaml');
  } catch (e) {
    if (e instanceof ScenarioInvalidError) {
      expect(e.problems.length).toBeGreaterThan(0);
      return;
    }
    throw e;
  }
  expect(scenario.duration).toBeLessThanOrEqual(LIMITS.scenarioDurationMs);
  expect(scenario.traffic.rate).toBeLessThanOrEqual(LIMITS.arrivalsPerSecond);
  expect(() => virtualRunChecks(scenario)).not.toThrow();
}

describe('the scenario reader under random input', () => {
  it('ends every input with a scenario or a ScenarioInvalidError', () => {
    fc.assert(fc.property(scenarioText, readEnds), fuzzSettings(300));
  });
});
