/** `lunar-sim export promtool <scenario...>`: a `promtool test rules` file from each scenario's verify timeline. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { loadScenario, scenarioNames } from '../scenario/catalogue.js';
import { promtoolTest, strippedRules } from '../verify/promtool-export.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';
import { verifyScenarios } from '../verify/verify-run.js';
import { exitCleanlyOnSignals } from './interrupt.js';

interface ExportArgs {
  format: string;
  scenarios: string[];
  all: boolean;
  out: string;
  rules: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <format> [scenarios..]',
  describe: 'Export verify timelines; format "promtool" writes promtool test rules files',
  builder: (y) =>
    y
      .positional('format', { choices: ['promtool'], demandOption: true })
      .positional('scenarios', { type: 'string', array: true, default: [] })
      .option('all', { type: 'boolean', default: false, describe: 'every shipped scenario' })
      .option('out', { type: 'string', default: 'promtool-tests', describe: 'directory to write into' })
      .option('rules', { type: 'string', default: DEFAULT_RULES_FILE, describe: 'alert rules file' }) as never,
  handler: async (argv) => {
    const names = argv.all ? [...scenarioNames(), ...argv.scenarios] : argv.scenarios;
    if (names.length === 0) throw new UsageError('name scenarios to export, or pass --all');
    const scenarios = names.map((n) => loadScenario(n));
    const stop = exitCleanlyOnSignals();
    try {
      const results = await verifyScenarios(scenarios, { rulesFile: argv.rules });
      mkdirSync(argv.out, { recursive: true });
      const rulesName = 'rules.stripped.yml';
      writeFileSync(path.join(argv.out, rulesName), strippedRules(argv.rules));
      for (const r of results) {
        const file = path.join(argv.out, `${r.scenario.name}.test.yml`);
        writeFileSync(file, promtoolTest(r, rulesName));
        process.stdout.write(`${file}\n`);
      }
      process.stdout.write(`run: promtool test rules ${path.join(argv.out, '*.test.yml')}\n`);
    } finally {
      stop();
    }
  },
};
