/** `lunar-sim export promtool <scenario...>`: a `promtool test rules` file from each scenario's verify timeline. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { promtoolTest, strippedRules } from '../verify/promtool-export.js';
import { verifyScenarios } from '../verify/verify-run.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { selectedScenarios, withScenarioSelection, type ScenarioSelection } from './scenario-selection.js';

interface ExportArgs extends ScenarioSelection {
  format: string;
  out: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <format> [scenarios..]',
  describe: 'Export verify timelines; format "promtool" writes promtool test rules files',
  builder: (y) =>
    withScenarioSelection(y.positional('format', { choices: ['promtool'], demandOption: true }))
      .option('out', { type: 'string', default: 'promtool-tests', describe: 'directory to write into' }) as never,
  handler: async (argv) => {
    const scenarios = selectedScenarios(argv, 'export');
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
