/** `lunar-sim verify [scenarios...] [--all]`: every alert judged by the real Prometheus engine, in virtual time. */
import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { ExitCode } from '../errors.js';
import { formatTable, formatVerdict, toJson, toJunit } from '../verify/report.js';
import { verifyScenarios } from '../verify/verify-run.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { selectedScenarios, withScenarioSelection, type ScenarioSelection } from './scenario-selection.js';

interface VerifyArgs extends ScenarioSelection {
  json?: string;
  junit?: string;
  verbose: boolean;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify [scenarios..]',
  describe: "Prove each scenario's alert expectations with a real Prometheus over simulated data",
  builder: (y) =>
    withScenarioSelection(y)
      .option('json', { type: 'string', describe: 'write the full results (verdicts, episodes) as JSON here' })
      .option('junit', { type: 'string', describe: 'write JUnit XML here' })
      .option('verbose', { type: 'boolean', default: false, describe: 'show every alert, also the silent ones' }) as never,
  handler: async (argv) => {
    const scenarios = selectedScenarios(argv, 'verify');
    const stopHandling = exitCleanlyOnSignals();
    try {
      const results = await verifyScenarios(scenarios, {
        rulesFile: argv.rules,
        onStage: (name, stage) => process.stderr.write(stage === 'done' ? `  ${name}: done\n` : `  ${name}: ${stage}…\n`),
      });
      process.stdout.write(`${formatTable(results, argv.verbose)}\n\n${formatVerdict(results)}\n`);
      if (argv.json) writeFileSync(argv.json, `${JSON.stringify(toJson(results), null, 2)}\n`);
      if (argv.junit) writeFileSync(argv.junit, toJunit(results));
      if (results.some((r) => r.ok === false)) process.exitCode = ExitCode.findings;
    } finally {
      stopHandling();
    }
  },
};
