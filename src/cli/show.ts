/** `lunar-sim show <scenario>`: the phase timeline in words. */
import type { CommandModule } from 'yargs';
import { loadScenario } from '../scenario/catalogue.js';
import { describeScenario } from '../scenario/describe.js';

export const showCommand: CommandModule<object, { scenario: string }> = {
  command: 'show <scenario>',
  describe: 'Describe a scenario (name or file) phase by phase',
  builder: (y) => y.positional('scenario', { type: 'string', demandOption: true, describe: 'scenario name or YAML file' }),
  handler: (argv) => {
    process.stdout.write(`${describeScenario(loadScenario(argv.scenario)).join('\n')}\n`);
  },
};
