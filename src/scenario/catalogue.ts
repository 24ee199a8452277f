/**
 * Named scenarios: the YAML files shipped in scenarios/, and resolving what a user typed — a name from that
 * catalogue or a path to their own file.
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { nearestName } from '../core/spelling.js';
import { ScenarioNotFoundError, UsageError } from '../errors.js';
import { readBoundedText } from '../files/bounded-read.js';
import { LIMITS } from '../limits.js';
import { parseScenario, type ParseOptions } from './parse.js';
import type { Scenario } from './scenario.js';
import { SCENARIO_DIR, scenarioNames } from './shipped.js';

export { SCENARIO_DIR, scenarioNames };

/** Reads and parses one scenario file; throws ScenarioInvalidError with every problem. */
export function loadScenarioFile(file: string, options: ParseOptions = {}): Scenario {
  return parseScenario(readBoundedText(file, LIMITS.scenarioFileBytes, 'the limit of a scenario file'), file, options);
}

/** True when `arg` names a file rather than a catalogue entry. */
function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes(path.sep) || /\.ya?ml$/.test(arg);
}

/** The file a name or path refers to. */
export function resolveScenarioPath(nameOrPath: string, dir = SCENARIO_DIR): string {
  // A link that leads nowhere (a loop, a missing target) is there: reading it says which.
  if (existsSync(nameOrPath) || lstatSync(nameOrPath, { throwIfNoEntry: false })?.isSymbolicLink()) return nameOrPath;
  if (looksLikePath(nameOrPath)) throw new UsageError(`no such scenario file: ${nameOrPath}`);
  const file = path.join(dir, `${nameOrPath}.yaml`);
  if (!existsSync(file)) {
    const known = scenarioNames(dir);
    throw new ScenarioNotFoundError(nameOrPath, known, nearestName(nameOrPath, known));
  }
  return file;
}

/**
 * Loads a scenario by catalogue name or file path; `options.alerts` checks `expect:` against the rules' names,
 * `options.checks` adds what the command about to run it needs (run-budget.ts).
 */
export function loadScenario(nameOrPath: string, options: ParseOptions = {}, dir = SCENARIO_DIR): Scenario {
  return loadScenarioFile(resolveScenarioPath(nameOrPath, dir), options);
}
