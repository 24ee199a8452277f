/** `lunar-sim list`: the shipped scenarios, with their summaries. */
import type { CommandModule } from 'yargs';
import { loadScenario, scenarioNames } from '../scenario/catalogue.js';

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'List the shipped scenarios',
  handler: () => {
    const names = scenarioNames();
    const width = Math.max(...names.map((n) => n.length));
    for (const name of names) {
      const s = loadScenario(name);
      process.stdout.write(`${name.padEnd(width)}  ${s.summary}\n`);
    }
  },
};
