/**
 * `lunar-sim mutate [scenarios...]`: mutation testing of the alert rules and the Alertmanager configuration — does
 * the scenario library notice when a threshold, a window, a matcher, an aggregation, a label, a route or an
 * inhibition changes? Exit 1 when a mutant survives that the accept file does not explain.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ruleNames } from '../scenario/expectations.js';
import { didYouMean } from '../core/spelling.js';
import { ExitCode, UsageError } from '../errors.js';
import { ACCEPTED_MUTANTS_FILE } from '../monitoring/files.js';
import { loadAcceptFile } from '../mutate/accept-file.js';
import { allMutants } from '../mutate/all-mutants.js';
import { isRuleMutant } from '../mutate/mutant.js';
import { runMutation } from '../mutate/mutation-run.js';
import { formatMutationReport, mutationJson } from '../mutate/report.js';
import { mutationVerdict } from '../mutate/verdict.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';
import { prepareVerify } from '../verify/verify-run.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { writeOutput } from './output.js';
import { selectedScenarios, withScenarioSelection, type ScenarioSelection } from './scenario-selection.js';

/** `--alert alertmanager` picks the mutants of the Alertmanager configuration. */
const ALERTMANAGER_TARGET = 'alertmanager';

interface MutateArgs extends ScenarioSelection {
  accept?: string;
  alert: string[];
  json?: string;
  full: boolean;
  verbose: boolean;
}

export const mutateCommand: CommandModule<object, MutateArgs> = {
  builder: (y) =>
    withScenarioSelection(y)
      .option('accept', { type: 'string', describe: `mutants equivalent under the policy, each with its kind and reason (default for the shipped rules: ${path.relative(process.cwd(), ACCEPTED_MUTANTS_FILE)})` })
      .option('alert', { type: 'string', array: true, default: [] as string[], describe: 'only the mutants of these alerts (`alertmanager`: of the Alertmanager configuration)' })
      .option('json', { type: 'string', nargs: 1, describe: 'write every mutant, its status and observations as JSON here (- = stdout)' })
      .option('full', { type: 'boolean', default: false, describe: 'try every mutant on every scenario (the whole kill matrix), not only until killed' })
      .option('verbose', { type: 'boolean', default: false, describe: 'also list killed mutants, with the scenario that killed each' }) as never,
  handler: async (argv) => {
    const prepared = await prepareVerify(argv.rules, argv.alertmanager);
    const scenarios = selectedScenarios(argv, 'mutate', ruleNames(prepared.rules), true);
    const acceptFile = argv.accept ?? (path.resolve(argv.rules) === path.resolve(DEFAULT_RULES_FILE) && existsSync(ACCEPTED_MUTANTS_FILE) ? ACCEPTED_MUTANTS_FILE : undefined);
    const accepted = acceptFile ? loadAcceptFile(acceptFile) : [];
    const only = new Set(argv.alert);
    const names = [...prepared.rules.map((r) => r.name), ALERTMANAGER_TARGET];
    for (const alert of only) {
      if (!names.includes(alert)) throw new UsageError(`--alert ${alert}: no alert of that name in ${argv.rules}${didYouMean(alert, names)}`);
    }
    const mutants = allMutants(prepared).filter((m) => only.size === 0 || only.has(m.alert));
    const stop = exitCleanlyOnSignals();
    try {
      process.stderr.write(`mutate: ${mutants.length} mutants, ${scenarios.length} scenarios\n`);
      const run = await runMutation(scenarios, prepared, mutants, {
        full: argv.full,
        onProgress: (name, done, total) => process.stderr.write(`  ${name}: done (${done}/${total})\n`),
      });
      const verdict = mutationVerdict(run, only.size === 0 ? accepted : accepted.filter((a) => mutants.some((m) => m.id === a.mutant)));
      const report = formatMutationReport(run, verdict, mutants.some((m) => !isRuleMutant(m)) ? `${argv.rules} and ${argv.alertmanager}` : argv.rules, argv.verbose);
      (argv.json === '-' ? process.stderr : process.stdout).write(`${report}\n`);
      if (argv.json) {
        const said = writeOutput(argv.json, `${JSON.stringify(mutationJson(run, verdict), null, 2)}\n`);
        if (said) process.stderr.write(`mutate: ${said}\n`);
      }
      if (!verdict.ok) process.exitCode = ExitCode.findings;
    } finally {
      stop();
    }
  },
};
