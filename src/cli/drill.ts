/**
 * `lunar-sim drill <scenario>`: the scenario live through a real Prometheus (the shipped rules, compressed to
 * `--speed`) and a real Alertmanager (its routing and inhibition), judged from the notifications that arrive. A
 * second oracle next to `verify`, which replays the rule manager over backfilled data.
 */
import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { formatDuration } from '../core/units.js';
import { drillScenario, type DrillResult } from '../demo/drill.js';
import { ExitCode } from '../errors.js';
import { withScratch } from '../prometheus/scratch.js';
import { seriesProblems } from '../runtime/run-budget.js';
import { loadScenario } from '../scenario/catalogue.js';
import { formatTable } from '../verify/report.js';
import { prepareVerify } from '../verify/verify-run.js';
import { checkStackArgs, withStackOptions, type StackArgs } from './demo-arguments.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { notificationLines } from './notification-line.js';
import { printWarnings } from './scenario-warnings.js';

interface DrillArgs extends StackArgs {
  scenario: string;
  json?: string;
  verbose: boolean;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** JSON for tools: verdicts and every episode, times in scenario seconds and ISO (simulated time). */
export function drillJson(r: DrillResult): unknown {
  const t0 = r.scenario.start;
  return {
    ok: r.ok !== false,
    scenario: r.scenario.name,
    seed: r.scenario.seed,
    speed: r.speed,
    notifications: r.notifications,
    verdicts: r.verdicts.map((v) => ({ ...v, value: undefined })),
    episodes: r.episodes.map((e) => ({
      alert: e.alert,
      labels: e.labels,
      firedAt: iso(e.firedAt),
      resolvedAt: iso(e.resolvedAt),
      firedAtScenarioSeconds: e.firedAt === null ? null : (e.firedAt - t0) / 1000,
      resolvedAtScenarioSeconds: e.resolvedAt === null ? null : (e.resolvedAt - t0) / 1000,
      notifications: e.notifications,
      receivers: e.receivers,
      inhibited: e.inhibited,
    })),
  };
}

function notifications(n: number): string {
  return n === 1 ? '1 notification' : `${n} notifications`;
}

function verdictLine(r: DrillResult): string {
  const failed = r.verdicts.filter((v) => !v.ok).map((v) => v.alert);
  if (r.ok === null) return `drill: ${r.scenario.name} has no expect: block — a timeline, no verdict (${notifications(r.notifications)})`;
  return r.ok
    ? `drill: ${r.scenario.name} ×${r.speed}, all expectations hold (${notifications(r.notifications)})`
    : `drill: FAILED — ${r.scenario.name}: ${[...new Set(failed)].join(', ')}`;
}

export const drillCommand: CommandModule<object, DrillArgs> = {
  builder: (y) =>
    withStackOptions(
      y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario name or YAML file' })
        .option('json', { type: 'string', nargs: 1, describe: 'write verdicts and episodes as JSON to this file (- for stdout)' })
        .option('verbose', { type: 'boolean', default: false, describe: 'show every alert, also the silent ones' }),
    ) as never,
  handler: async (argv) => {
    checkStackArgs(argv);
    const loaded = loadScenario(argv.scenario, { checks: seriesProblems });
    printWarnings(loaded);
    const scenario = argv.seed === undefined ? loaded : { ...loaded, seed: argv.seed };
    const { rules } = await prepareVerify(argv.rules);
    const stop = exitCleanlyOnSignals();
    // With --json -, stdout carries the JSON only; the story goes to stderr.
    const say = (text: string): boolean => (argv.json === '-' ? process.stderr : process.stdout).write(text);
    try {
      const result = await withScratch((scratch) =>
        drillScenario(
          {
            scenario,
            speed: argv.speed,
            rules,
            rulesFile: argv.rules,
            alertmanagerFile: argv.alertmanager,
            dashboardFile: argv.dashboard,
            onStage: (stage) => process.stderr.write(`  ${stage}…\n`),
            onLive: (url) => {
              const real = formatDuration(Math.round(scenario.duration / argv.speed / 1000) * 1000);
              say(`lunar-sim: drill "${scenario.name}" ×${argv.speed}: ${formatDuration(scenario.duration)} of scenario in ${real}; page ${url}/\n`);
            },
            onNotification: (n, axis) => say(`${notificationLines(n, axis, scenario.start).join('\n')}\n`),
          },
          scratch,
        ),
      );
      if (argv.json === '-') process.stdout.write(`${JSON.stringify(drillJson(result), null, 2)}\n`);
      else if (argv.json) writeFileSync(argv.json, `${JSON.stringify(drillJson(result), null, 2)}\n`);
      say(`\n${formatTable([result], argv.verbose)}\n\n${verdictLine(result)}\n`);
      if (result.ok === false) process.exitCode = ExitCode.findings;
    } finally {
      stop();
    }
  },
};
