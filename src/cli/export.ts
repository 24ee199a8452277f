/** `lunar-sim export promtool <scenario...>`: a `promtool test rules` file from each scenario's verify timeline. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ruleNames } from '../scenario/expectations.js';
import { DEFAULT_CHECK_EVERY_MS, promtoolTest, strippedRules } from '../verify/promtool-export.js';
import { prepareVerify, verifyScenarios } from '../verify/verify-run.js';
import { durationArg } from './arguments.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { selectedScenarios, withScenarioSelection, type ScenarioSelection } from './scenario-selection.js';

interface ExportArgs extends ScenarioSelection {
  format: string;
  out: string;
  every?: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  builder: (y) =>
    withScenarioSelection(y.positional('format', { choices: ['promtool'], demandOption: true }))
      .option('out', { type: 'string', default: 'promtool-tests', describe: 'directory to write into' })
      .option('every', { type: 'string', describe: 'check the alerts this often over the whole run, besides every edge (default 5m; 1m = every evaluation)' }) as never,
  handler: async (argv) => {
    const every = durationArg('every', argv.every, { positive: true }) ?? DEFAULT_CHECK_EVERY_MS;
    const prepared = await prepareVerify(argv.rules, argv.alertmanager);
    const scenarios = selectedScenarios(argv, 'export', ruleNames(prepared.rules));
    const stop = exitCleanlyOnSignals();
    try {
      const results = await verifyScenarios(scenarios, prepared);
      mkdirSync(argv.out, { recursive: true });
      const rulesName = 'rules.stripped.yml';
      writeFileSync(path.join(argv.out, rulesName), strippedRules(argv.rules));
      process.stdout.write(`${path.join(argv.out, rulesName)}: ${argv.rules} without annotations (promtool compares annotations exactly)\n`);
      for (const r of results) {
        const file = path.join(argv.out, `${r.scenario.name}.test.yml`);
        const test = promtoolTest(r, rulesName, every);
        writeFileSync(file, test.text);
        process.stdout.write(`${file}: ${r.scenario.name} (seed ${r.scenario.seed}), ${r.samples.toLocaleString('en-US')} samples, ${test.checks} alert checks\n`);
      }
      process.stdout.write(`run: promtool test rules ${path.join(argv.out, '*.test.yml')}\n`);
    } finally {
      stop();
    }
  },
};
