/** `lunar-sim list [--json]`: the shipped scenarios, with their summaries. */
import type { CommandModule } from 'yargs';
import { shippedSummaries } from '../scenario/summary-index.js';

export const listCommand: CommandModule<object, { json: boolean }> = {
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'as JSON: name, summary, times (ms), alerts expected to fire, pages and warnings expected' }),
  handler: async (argv) => {
    if (argv.json) {
      // Times and expectations: every file is loaded (the summaries the build recorded hold neither).
      const { loadScenario, scenarioNames } = await import('../scenario/catalogue.js');
      const rows = scenarioNames().map((name) => loadScenario(name)).map((s) => ({
        name: s.name,
        summary: s.summary,
        warmupMs: s.warmup,
        durationMs: s.duration,
        fires: s.expect ? s.expect.fire.map((f) => f.alert) : null,
        notifies: s.expect ? s.expect.notify.map((n) => ({ kind: n.kind, group: n.group })) : null,
      }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const rows = await shippedSummaries();
    const width = Math.max(...rows.map((r) => r.name.length));
    for (const { name, summary } of rows) process.stdout.write(`${name.padEnd(width)}  ${summary}\n`);
  },
};
