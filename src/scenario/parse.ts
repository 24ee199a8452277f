/**
 * Scenario text → Scenario, pure (no file access). Every problem is reported at once — YAML syntax, structure,
 * cross-field checks run on what parsed — each with its path and line, as a ScenarioInvalidError.
 */
import type { Document, LineCounter } from 'yaml';
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
  const { doc, lines, raw, problems, partial } = readYaml(text);
  if (raw === undefined) {
    // A syntax error: what comes before it is still checked, so that one pass shows those problems too.
    if (isMapping(partial?.value)) {
      const trusted = lines.linePos(partial.trustedBefore).line;
      const before = documentProblems(partial.value, doc, lines, source, options).problems;
      problems.push(...before.filter((p) => p.line !== undefined && p.line < trusted && p.message !== 'is required'));
    }
    throw new ScenarioInvalidError(source, sortedUnique(problems));
  }
  if (!isMapping(raw)) {
    throw new ScenarioInvalidError(source, [{ path: '', message: 'a scenario is a YAML mapping (name:, summary:, seed:, …)', line: 1, column: 1 }]);
  }
  const checked = documentProblems(raw, doc, lines, source, options);
  problems.push(...checked.problems);
  if (problems.length > 0) throw new ScenarioInvalidError(source, sortedUnique(problems));
  return checked.scenario;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The schema's problems, the cross-field ones on whatever parsed, and the caller's checks (a run's budget) — those
 * too when something else is wrong, as long as the times they count are known — each located.
 */
function documentProblems(raw: Record<string, unknown>, doc: Document, lines: LineCounter, source: string, options: ParseOptions): { scenario: Scenario; problems: Problem[] } {
  const problems: Problem[] = [];
  const locate = (p: PathProblem): Problem => locatedProblem(doc, lines, p.path, p.message);
  // jitless: a scenario is parsed once, and compiling zod's fast path for each object shape costs more than it saves.
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true, jitless: true });
  if (!parsed.success) problems.push(...schemaProblems(parsed.error.issues, scenarioSchema, (path, message, key) => locatedProblem(doc, lines, path, message, key)));
  const { scenario, problems: crossField, warnings } = buildScenario(parsed.success ? parsed.data : salvageScenario(raw), source, options);
  problems.push(...crossField.map(locate));
  scenario.warnings = warnings.map((w) => locatedProblem(doc, lines, w.path, w.message));
  // A salvaged run whose duration did not parse (Infinity) has no budget to check.
  if (options.checks && Number.isFinite(scenario.duration) && Number.isFinite(scenario.warmup)) problems.push(...options.checks(scenario).map(locate));
  return { scenario, problems };
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
