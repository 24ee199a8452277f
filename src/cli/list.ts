/** `lunar-sim list [--json]`: the shipped scenarios, with their summaries. */
import type { CommandModule } from 'yargs';
import { loadScenario, scenarioNames } from '../scenario/catalogue.js';

export const listCommand: CommandModule<object, { json: boolean }> = {
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'as JSON: name, summary, times (ms), alerts expected to fire' }),
  handler: (argv) => {
    const scenarios = scenarioNames().map((name) => loadScenario(name));
    if (argv.json) {
      const rows = scenarios.map((s) => ({
        name: s.name,
        summary: s.summary,
        warmupMs: s.warmup,
        durationMs: s.duration,
        fires: s.expect ? s.expect.fire.map((f) => f.alert) : null,
      }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const width = Math.max(...scenarios.map((s) => s.name.length));
    for (const s of scenarios) process.stdout.write(`${s.name.padEnd(width)}  ${s.summary}\n`);
  },
};
