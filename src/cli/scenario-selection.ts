/** The scenario arguments `verify` and `export` share: names or files, `--all`, and the rules file. */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { loadScenario, scenarioNames } from '../scenario/catalogue.js';
import type { Scenario } from '../scenario/scenario.js';
import type { RuleNames } from '../scenario/expectations.js';
import { SIMULATION_MODES } from '../scenario/schema.js';
import { virtualRunChecks } from '../runtime/run-budget.js';
import { seedArg } from './arguments.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';
import { ALERTMANAGER_FILE } from '../monitoring/files.js';
import { printWarnings } from './scenario-warnings.js';

export interface ScenarioSelection {
  scenarios: string[];
  all: boolean;
  rules: string;
  alertmanager: string;
  seed?: number;
  simulation?: Scenario['simulation'];
}

export function withScenarioSelection<T>(y: Argv<T>): Argv<T & ScenarioSelection> {
  return y
    .positional('scenarios', { type: 'string', array: true, default: [] as string[], describe: 'scenario names or YAML files' })
    .option('all', { type: 'boolean', default: false, describe: 'every shipped scenario' })
    .option('rules', { type: 'string', default: DEFAULT_RULES_FILE, describe: 'alert rules file' })
    .option('alertmanager', { type: 'string', default: ALERTMANAGER_FILE, describe: 'Alertmanager configuration whose routing judges page:/warn: expectations' })
    .option('seed', { type: 'number', describe: "run every scenario with this seed instead of its own (are the verdicts robust to chance?)" })
    .option('simulation', { choices: SIMULATION_MODES, describe: 'per-generation, aggregate (counts per step) or auto (aggregate from 5,000/min)' }) as unknown as Argv<T & ScenarioSelection>;
}

/**
 * The scenarios named (plus every shipped one with --all, or when `allByDefault` and none is named); a usage error
 * when there are none. `rules`: the rules' alert names and alert_groups, which `expect:` may name.
 */
export function selectedScenarios(argv: ScenarioSelection, verb: string, rules: RuleNames, allByDefault = false): Scenario[] {
  const all = argv.all || (allByDefault && argv.scenarios.length === 0);
  const names = all ? [...scenarioNames(), ...argv.scenarios] : argv.scenarios;
  if (names.length === 0) throw new UsageError(`name scenarios to ${verb}, or pass --all`);
  seedArg(argv.seed);
  // Refused here, before any child process starts, when the run would not fit (run-budget.ts) — as --simulation runs it.
  const checks = (s: Scenario) => virtualRunChecks({ ...s, simulation: argv.simulation ?? s.simulation });
  return names.map((n) => {
    const s = loadScenario(n, { rules, checks });
    printWarnings(s);
    return { ...s, seed: argv.seed ?? s.seed, simulation: argv.simulation ?? s.simulation };
  });
}
