/**
 * The scenario reader under random input (issue 10, part 3): documents from the schema's space, then mutated as
 * text (YAML anchors and aliases, flow brackets, odd scalars, cut or repeated lines). Whatever the input, parsing
 * ends with a Scenario or a ScenarioInvalidError — never another exception — and an accepted scenario's run can
 * be budgeted without error. Since issue 20 it also feeds documents past the shape bounds (keys, nesting,
 * duplicates), unknown aliases, starts outside the times a run may have, and control characters.
 *
 * A fixed seed and a short run here; `npm run fuzz` runs longer (FUZZ_RUNS, FUZZ_SEED), see docs/limits.md.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { printableLines } from '../../src/cli/printable.js';
import { ScenarioInvalidError } from '../../src/errors.js';
import { LIMITS } from '../../src/limits.js';
import { virtualRunChecks } from '../../src/runtime/run-budget.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fuzzSettings, scenarioDocument } from '../support/arbitraries.js';

/** Tokens that have broken YAML readers: anchors, aliases, tags, flow brackets, special floats, odd keys. */
const TRAPS = [
  '&a', '*a', '*b', '*nope', '!!binary', '!!js/function', '[', ']', '{', '}', '.nan', '.inf', '-.inf', '~', '__proto__:', '<<: *a', '? ', '|', '>-',
  '"\\u0000"', '1e999', '0x1F', '- ', ': ', '#', '\t',
  // Control characters a terminal would obey (issue 20): a title, a clipboard write, a carriage return, a C1 CSI.
  '\u001b]0;x\u0007', '\u001b]52;c;eA==\u0007', '\r', '\u009b2J', '\u202e',
  // Starts outside the times a run may have (issue 20, finding 8), and a key written twice.
  'start: 0001-01-01T00:00:00Z\n', 'start: 9999-12-31T23:59:59Z\n', 'start: 1970-01-01T00:00:00Z\n', 'seed: 2\n',
];

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
  // Shapes past the bounds of a document (issue 20, finding 3): many keys, deep block and flow nesting, duplicates.
  {
    weight: 1,
    arbitrary: fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 1, max: 2000 }) }, { weight: 1, arbitrary: fc.constant(LIMITS.documentKeys + 1) }).map(manyKeys),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: LIMITS.documentDepth + 10 }).map(deepBlock) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: LIMITS.documentDepth + 10 }), fc.boolean()).map(([n, closed]) => `${VALID}x: ${'['.repeat(n)}${closed ? ']'.repeat(n) : ''}\n`) },
);

const VALID = 'name: ok\nsummary: fine\nseed: 1\nduration: 1h\ntraffic: { rate: 10/min }\n';

/** A valid document followed by `n` keys, some of them twice. */
function manyKeys(n: number): string {
  return VALID + Array.from({ length: n }, (_, i) => `k${i % Math.max(1, n - 3)}: ${i}`).join('\n');
}

/** A valid document with `depth` mappings nested under one key, in block style. */
function deepBlock(depth: number): string {
  return VALID + Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
}

function readEnds(text: string): void {
  let scenario;
  try {
    scenario = parseScenario(text, 'fuzz.yaml');
  } catch (e) {
    if (e instanceof ScenarioInvalidError) {
      expect(e.problems.length).toBeGreaterThan(0);
      // What the CLI prints of it reaches the terminal with no control character but line breaks.
      expect(printableLines(e.message)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      return;
    }
    throw e;
  }
  expect(scenario.duration).toBeLessThanOrEqual(LIMITS.scenarioDurationMs);
  expect(scenario.start - scenario.warmup).toBeGreaterThanOrEqual(LIMITS.earliestRunMs);
  expect(scenario.start + scenario.duration).toBeLessThanOrEqual(LIMITS.latestRunMs);
  expect(scenario.traffic.rate).toBeLessThanOrEqual(LIMITS.arrivalsPerSecond);
  expect(() => virtualRunChecks(scenario)).not.toThrow();
}

describe('the scenario reader under random input', () => {
  it('ends every input with a scenario or a ScenarioInvalidError', () => {
    fc.assert(fc.property(scenarioText, readEnds), fuzzSettings(300));
  });
});
