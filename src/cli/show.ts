/** `lunar-sim show <scenario> [--json]`: the phase timeline in words, or the parsed scenario as JSON. */
import type { CommandModule } from 'yargs';
import { loadScenario } from '../scenario/catalogue.js';
import { describeScenario } from '../scenario/describe.js';
import { describeSeries, seriesEstimate } from '../runtime/series-estimate.js';
import { printWarnings } from './scenario-warnings.js';

export const showCommand: CommandModule<object, { scenario: string; json: boolean }> = {
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario name or YAML file' })
      .option('json', { type: 'boolean', default: false, describe: 'the scenario as parsed, defaults filled in (times in ms, rates per second)' }),
  handler: (argv) => {
    const s = loadScenario(argv.scenario);
    printWarnings(s);
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ ...s, start: new Date(s.start).toISOString(), description: describeScenario(s) }, null, 2)}\n`);
      return;
    }
    const lines = [...describeScenario(s), `series: ${describeSeries(seriesEstimate(s), s.step)}`];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
