/** `lunar-sim load --url U --rate 50/s --duration 60s` (or `--stages ...`): open-model HTTP load on the endpoint. */
import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { LoadNoAnswerError, LoadThresholdError, UsageError } from '../errors.js';
import { LOAD_DEFAULTS, LOAD_LIMITS } from '../load/limits.js';
import { buildReport, describeFailures, formatProgress, formatReport } from '../load/report.js';
import { runLoad, type LoadPlan } from '../load/runner.js';
import { describeFailedChecks } from '../load/thresholds.js';
import { wholeNumberArg } from './arguments.js';
import { exitCodeOf } from './interrupt.js';
import { planFromFlags, type LoadFlags } from './load-flags.js';

interface LoadArgs extends LoadFlags {
  json?: string;
}

/**
 * Aborts the returned signal on Ctrl-C or SIGTERM, and says which arrived; call `stopListening` when done. Once one
 * has arrived the listeners stay, so a repeat (npm forwards Ctrl-C too) cannot kill the report half-written.
 */
function abortOnSignals(): { signal: AbortSignal; received: () => NodeJS.Signals | null; stopListening: () => void } {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (name: NodeJS.Signals): void => {
    received ??= name;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    stopListening: () => {
      if (received !== null) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function writeReport(file: string, json: string): void {
  try {
    writeFileSync(file, json);
  } catch (e) {
    throw new UsageError(`--json ${file}: cannot write it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function progressOn(stream: NodeJS.WriteStream): LoadPlan['onProgress'] {
  return stream.isTTY ? (tally, elapsedMs) => stream.write(`\r${formatProgress(tally, elapsedMs)}\x1b[K`) : undefined;
}

export const loadCommand: CommandModule<object, LoadArgs> = {
  builder: (y) =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'API base URL, e.g. http://127.0.0.1:9464' })
      .option('rate', { type: 'string', describe: `constant arrival rate, e.g. 50/s or 600/min [default: ${LOAD_DEFAULTS.rate}]` })
      .option('duration', { type: 'string', describe: `how long to send at --rate [default: ${LOAD_DEFAULTS.duration}, or until --requests]` })
      .option('stages', { type: 'string', describe: 'ramping arrival rate from 0/s instead, e.g. 30s:10/s,1m:200/s,30s:0/s' })
      .option('requests', { type: 'number', describe: 'stop after this many arrivals' })
      .option('arrivals', { choices: ['constant', 'poisson'], default: 'constant', describe: 'evenly spaced, or seeded Poisson gaps' })
      .option('max-in-flight', { type: 'number', default: LOAD_DEFAULTS.maxInFlight, describe: 'requests open at once; arrivals beyond are dropped and counted' })
      .option('grace', { type: 'string', default: LOAD_DEFAULTS.grace, describe: 'time for open requests to finish after the last arrival' })
      .option('timeout', { type: 'string', default: LOAD_DEFAULTS.timeout, describe: 'one request\'s timeout' })
      .option('token', { type: 'string', describe: 'bearer token of a simulator started with --token (or set LUNAR_SIM_TOKEN)' })
      .option('seed', { type: 'number', default: 1, describe: 'seed of the request bodies and Poisson gaps' })
      .option('max-dropped', { type: 'string', default: LOAD_DEFAULTS.maxDropped, describe: 'fail (exit 1) when more of the arrivals were dropped' })
      .option('max-errors', { type: 'string', default: LOAD_DEFAULTS.maxErrors, describe: 'fail (exit 1) when more of the requests sent got no 2xx answer' })
      .option('min-rate', { type: 'string', default: LOAD_DEFAULTS.minRate, describe: 'fail (exit 1) when the send rate achieved is below this share of the due rate' })
      .option('p95', { type: 'string', describe: 'fail (exit 1) when latency p95 (from the due time) is above this, e.g. 500ms or 2s' })
      .option('p99', { type: 'string', describe: 'fail (exit 1) when latency p99 (from the due time) is above this' })
      .option('objective', { type: 'string', default: LOAD_DEFAULTS.objective, describe: 'latency objective of goodput: 2xx answers within it' })
      .option('workers', { type: 'number', default: 1, describe: 'spread the arrivals over this many threads (each with its share of --max-in-flight)' })
      .option('json', { type: 'string', requiresArg: true, describe: 'write the report as JSON to this file; - for stdout (the text then goes to stderr)' }) as never,
  handler: async (argv) => {
    const plan = planFromFlags(argv, process.env);
    const workers = wholeNumberArg('workers', argv.workers, 1, Math.min(LOAD_LIMITS.maxWorkers, plan.maxInFlight))!;
    const stop = abortOnSignals();
    let run;
    try {
      // With workers, no progress line: each thread has its own tally until the end.
      run = workers > 1
        ? await (await import('../load/workers.js')).runLoadInWorkers({ ...plan, signal: stop.signal }, workers)
        : await runLoad({ ...plan, signal: stop.signal, onProgress: progressOn(process.stderr) });
    } finally {
      stop.stopListening();
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    }
    const report = buildReport(run);
    const text = `${formatReport(report)}\n`;
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (argv.json === '-') {
      process.stdout.write(json);
      process.stderr.write(text);
    } else {
      process.stdout.write(text);
      if (argv.json) writeReport(argv.json, json);
    }
    if (run.stopReason === 'interrupted') {
      process.exitCode = exitCodeOf(stop.received() ?? 'SIGINT');
    } else if (report.answered === 0 && report.openAtStop.aborted === 0 && report.failures.total > 0) {
      throw new LoadNoAnswerError(report.url, describeFailures(report.failures));
    } else if (!report.passed) {
      throw new LoadThresholdError(report.url, describeFailedChecks(report.checks));
    }
  },
};
