/** `lunar-sim show <scenario>`: the phase timeline in words. */
import type { CommandModule } from 'yargs';
import { loadScenario } from '../scenario/catalogue.js';
import { describeScenario } from '../scenario/describe.js';
import { describeSeries, seriesEstimate } from '../runtime/series-estimate.js';

export const showCommand: CommandModule<object, { scenario: string }> = {
  command: 'show <scenario>',
  describe: 'Describe a scenario (name or file) phase by phase',
  builder: (y) => y.positional('scenario', { type: 'string', demandOption: true, describe: 'scenario name or YAML file' }),
  handler: (argv) => {
    const scenario = loadScenario(argv.scenario);
    const lines = [...describeScenario(scenario), `series: ${describeSeries(seriesEstimate(scenario), scenario.step)}`];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
