/** `lunar-sim verify [scenarios...] [--all]`: every alert judged by the real Prometheus engine, in virtual time. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ruleNames } from '../scenario/expectations.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatTable, formatVerdict, toJson, toJunit } from '../verify/report.js';
import { parseSeeds, seededVariants, sweepSummary } from '../verify/seed-sweep.js';
import { formatSweepTable, formatSweepVerdict } from '../verify/sweep-report.js';
import { prepareVerify, verifyScenarios, type PreparedRules } from '../verify/verify-run.js';
import type { Scenario } from '../scenario/scenario.js';
import { describeSeries, seriesEstimate } from '../runtime/series-estimate.js';
import { withReport } from '../verify/noise-report.js';
import { noiseAndDetectionReport } from '../verify/report-run.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { DASHBOARD_FILE } from '../monitoring/files.js';
import { readDashboard } from '../dashboard-check/index.js';
import { dashboardVerdict } from '../dashboard-check/verdict.js';
import { writeOutput } from './output.js';
import { selectedScenarios, withScenarioSelection, type ScenarioSelection } from './scenario-selection.js';

/** The most healthy days --report judges per level: a year. */
const MAX_HEALTHY_DAYS = 365;

/** Samples from which verify says up front how many a scenario holds. */
const HEAVY_SAMPLES = 5_000_000;

interface VerifyArgs extends ScenarioSelection {
  seeds?: string;
  report: boolean;
  healthyDays: number;
  write?: string;
  json?: string;
  junit?: string;
  verbose: boolean;
  /** A dashboard file; false with --no-dashboard. */
  dashboard: string | false;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  builder: (y) =>
    withScenarioSelection(y)
      .option('seeds', { type: 'string', describe: 'run every scenario under each of these seeds (1..20 or 1,5,9): pass rates and time to detect' })
      .option('json', { type: 'string', nargs: 1, describe: 'write the full results (verdicts, episodes) as JSON here (- = stdout)' })
      .option('junit', { type: 'string', nargs: 1, describe: 'write JUnit XML here (- = stdout)' })
      .option('verbose', { type: 'boolean', default: false, describe: 'show every alert, also the silent ones' })
      .option('report', { type: 'boolean', default: false, describe: 'the noise and detection report: detection and reset per class and level over --seeds, notifications over healthy days' })
      .option('healthy-days', { type: 'number', default: 90, describe: 'with --report: healthy days judged at each traffic level' })
      .option('dashboard', { type: 'string', default: DASHBOARD_FILE, defaultDescription: 'the shipped dashboard', describe: 'judge this Grafana dashboard on every scenario\'s data (--no-dashboard: skip)' })
      .option('write', { type: 'string', nargs: 1, describe: 'with --report: put the report into this markdown file, between its report markers (docs/runbooks.md)' }) as never,
  handler: async (argv) => {
    if (argv.json === '-' && argv.junit === '-') throw new UsageError('--json - and --junit -: only one report can go to stdout');
    const prepared = await prepareVerify(argv.rules, argv.alertmanager);
    const scenarios = selectedScenarios(argv, 'verify', ruleNames(prepared.rules));
    warnOfHeavyScenarios(scenarios);
    const stopHandling = exitCleanlyOnSignals();
    try {
      if (argv.report) {
        await report(scenarios, prepared, argv);
        return;
      }
      if (argv.write !== undefined) throw new UsageError('--write goes with --report');
      if (argv.seeds !== undefined) {
        if (argv.seed !== undefined) throw new UsageError('--seed and --seeds: give one');
        await sweep(scenarios, parseSeeds(argv.seeds), prepared, argv.json);
        return;
      }
      // Named as the user would type it: relative to where they stand (the shipped one: monitoring/…).
      const dashboard = argv.dashboard === false ? undefined : { ...readDashboard(String(argv.dashboard)), file: path.relative(process.cwd(), path.resolve(String(argv.dashboard))) };
      const results = await verifyScenarios(scenarios, prepared, {
        onStage: (name, stage) => process.stderr.write(stage === 'done' ? `  ${name}: done\n` : `  ${name}: ${stage}…\n`),
        dashboard,
      });
      const toStdout = argv.json === '-' || argv.junit === '-';
      const board = dashboard ? dashboardVerdict(dashboard, prepared, results) : null;
      // A machine-readable report on stdout stands alone; the table then goes to stderr.
      (toStdout ? process.stderr : process.stdout).write(`${formatTable(results, argv.verbose)}\n\n${board ? `${board.text}\n\n` : ''}${formatVerdict(results)}\n`);
      for (const [target, text] of [[argv.json, `${JSON.stringify(toJson(results), null, 2)}\n`], [argv.junit, toJunit(results)]] as const) {
        if (!target) continue;
        const said = writeOutput(target, text);
        if (said) process.stderr.write(`verify: ${said}\n`);
      }
      if (results.some((r) => r.ok === false) || board?.ok === false) process.exitCode = ExitCode.findings;
    } finally {
      stopHandling();
    }
  },
};

/** Says, before the work starts, which scenarios hold millions of samples (user_id labels, fleets, long spans). */
function warnOfHeavyScenarios(scenarios: readonly Scenario[]): void {
  for (const s of scenarios) {
    const e = seriesEstimate(s);
    if (e.samples >= HEAVY_SAMPLES) process.stderr.write(`verify: ${s.name}: ${describeSeries(e, s.step)}\n`);
  }
}

/** `--report`: the noise and detection report, printed, and written into a markdown file's report section. */
async function report(scenarios: readonly Scenario[], prepared: PreparedRules, argv: VerifyArgs): Promise<void> {
  const days = argv.healthyDays;
  if (!Number.isInteger(days) || days < 1 || days > MAX_HEALTHY_DAYS) throw new UsageError(`--healthy-days ${days}: a whole number of days from 1 to ${MAX_HEALTHY_DAYS}`);
  let done = 0;
  const text = await noiseAndDetectionReport(scenarios, prepared, {
    seeds: parseSeeds(argv.seeds ?? '1..20'),
    healthyDays: days,
    onProgress: (name, stage) => stage === 'done' && process.stderr.write(`  ${name}: ${++done} runs done\r`),
  });
  process.stderr.write('\n');
  process.stdout.write(`${text}\n`);
  if (argv.write) {
    const current = readFileSync(argv.write, 'utf8');
    const next = withReport(current, text);
    if (next === null) throw new UsageError(`${argv.write} has no <!-- report:start --> … <!-- report:end --> section to write the report into`);
    writeFileSync(argv.write, next);
    process.stderr.write(`verify: report written into ${argv.write}\n`);
  }
}

/** `--seeds`: every scenario under every seed, summarised per expectation. */
async function sweep(scenarios: readonly Scenario[], seeds: readonly number[], prepared: PreparedRules, json: string | undefined): Promise<void> {
  const variants = seededVariants(scenarios, seeds);
  let done = 0;
  const results = await verifyScenarios(
    variants,
    prepared,
    { onStage: (name, stage) => stage === 'done' && process.stderr.write(`  ${name}: ${++done}/${variants.length}\r`) },
    (r) => ({ scenario: r.scenario, verdicts: r.verdicts }),
  );
  process.stderr.write('\n');
  const sweeps = sweepSummary(results);
  (json === '-' ? process.stderr : process.stdout).write(`${formatSweepTable(sweeps)}\n\n${formatSweepVerdict(sweeps, seeds.length)}\n`);
  if (json) {
    const said = writeOutput(json, `${JSON.stringify({ seeds, ok: sweeps.every((s) => s.passed === s.runs), expectations: sweeps }, null, 2)}\n`);
    if (said) process.stderr.write(`verify: ${said}\n`);
  }
  if (sweeps.some((s) => s.passed < s.runs)) process.exitCode = ExitCode.findings;
}
