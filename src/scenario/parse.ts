/**
 * Scenario text → Scenario, pure (no file access). Every problem is reported at once — YAML syntax, structure,
 * cross-field checks run on what parsed — each with its path and line, as a ScenarioInvalidError.
 */
import { ScenarioInvalidError, type Problem } from '../errors.js';
import { buildScenario, type BuildOptions } from './build.js';
import { locatedProblem, type PathProblem } from './locate.js';
import { salvageScenario } from './salvage.js';
import { schemaProblems } from './schema-problems.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from './scenario.js';
import { readYaml } from './yaml-source.js';

/** Checks a caller adds on a scenario that is otherwise valid (e.g. the series and sample budgets of a run). */
export type ScenarioChecks = (scenario: Scenario) => PathProblem[];

export interface ParseOptions extends BuildOptions {
  /** Run on a scenario with no other problem; their problems are located like the others. */
  checks?: ScenarioChecks;
}

/** Parses and checks a scenario; throws ScenarioInvalidError listing every problem. */
export function parseScenario(text: string, source: string, options: ParseOptions = {}): Scenario {
  const { doc, lines, raw, problems } = readYaml(text);
  if (raw === undefined) throw new ScenarioInvalidError(source, problems);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioInvalidError(source, [{ path: '', message: 'a scenario is a YAML mapping (name:, summary:, seed:, …)', line: 1, column: 1 }]);
  }
  const locate = (p: PathProblem): Problem => locatedProblem(doc, lines, p.path, p.message);
  // jitless: a scenario is parsed once, and compiling zod's fast path for each object shape costs more than it saves.
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true, jitless: true });
  if (!parsed.success) problems.push(...schemaProblems(parsed.error.issues, scenarioSchema, (path, message, key) => locatedProblem(doc, lines, path, message, key)));
  const { scenario, problems: crossField } = buildScenario(parsed.success ? parsed.data : salvageScenario(raw), source, options);
  problems.push(...crossField.map(locate));
  if (problems.length === 0 && options.checks) problems.push(...options.checks(scenario).map(locate));
  if (problems.length > 0) throw new ScenarioInvalidError(source, sortedUnique(problems));
  return scenario;
}

/** By line, each problem once (the same check can fail on a phase and on the base it inherits from). */
function sortedUnique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.path}\u0000${p.message}`;
      return !seen.has(key) && (seen.add(key), true);
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
