/** `lunar-sim push <scenario> --url URL`: a scenario's history into a remote-write receiver, in time order. */
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { sleep } from '../remote-write/client.js';
import { pushHistory, type PushSummary } from '../remote-write/push-history.js';
import { parseScenarioTime, parseStartAt } from '../remote-write/time-axis.js';
import { seriesProblems } from '../runtime/run-budget.js';
import { loadScenario } from '../scenario/catalogue.js';
import { seedArg, wholeNumberArg } from './arguments.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { progressBar, type ProgressBar } from './progress-bar.js';
import { batchSize, receiverUrl, remoteWriteClient, seriesLabels, withRemoteWriteOptions, type RemoteWriteArgs } from './remote-write-options.js';
import { printWarnings } from './scenario-warnings.js';

interface PushArgs extends RemoteWriteArgs {
  scenario: string;
  url: string;
  seed?: number;
  from?: string;
  to?: string;
  startAt?: string;
  concurrency: number;
  maxRate?: number;
  staleMarkers: boolean;
}

const MAX_CONCURRENCY = 32;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The summary printed on stdout. */
export function formatPushSummary(name: string, seed: number, url: string, s: PushSummary): string {
  const rate = s.sendSeconds > 0 ? Math.round(s.samples / s.sendSeconds).toLocaleString('en-US') : '–';
  return [
    `pushed "${name}" (seed ${seed}) to ${url}`,
    `  data      ${new Date(s.fromMs).toISOString()} → ${new Date(s.toMs).toISOString()}`,
    `  series    ${s.series.toLocaleString('en-US')}`,
    `  samples   ${s.samples.toLocaleString('en-US')} in ${s.requests.toLocaleString('en-US')} requests (${s.retries} retries)`,
    `  bytes     ${megabytes(s.bytes)} sent (${megabytes(s.rawBytes)} before snappy)`,
    `  time      simulate ${s.simulateSeconds.toFixed(1)} s, send ${s.sendSeconds.toFixed(1)} s: ${rate} samples/s`,
  ].join('\n');
}

/** The push's own flags, before remote write's. */
function pushOptions(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario name or YAML file' })
    .option('url', { type: 'string', demandOption: true, describe: 'remote-write endpoint, e.g. http://127.0.0.1:9090/api/v1/write' })
    .option('seed', { type: 'number', describe: "override the scenario's seed" })
    .option('from', { type: 'string', nargs: 1, describe: 'first scenario time to send, e.g. -24h (default: start of the warm-up)' })
    .option('to', { type: 'string', nargs: 1, describe: 'last scenario time to send, e.g. 6d; past the end the last phase goes on (default: the end)' })
    .option('start-at', { type: 'string', describe: 'wall-clock time of the first sample: ISO date-time, now or now-7d' })
    .option('concurrency', { type: 'number', default: 2, describe: `requests in flight at once (1 to ${MAX_CONCURRENCY})` })
    .option('max-rate', { type: 'number', describe: "average samples/s not to exceed (a receiver's ingestion limit)" })
    .option('stale-markers', { type: 'boolean', default: true, describe: 'stale markers where the API was down (--no-stale-markers: none)' })
    .group(['url', 'from', 'to', 'start-at', 'seed', 'concurrency', 'max-rate', 'stale-markers'], 'Options:');
}

export const pushCommand: CommandModule<object, PushArgs> = {
  builder: (y) => withRemoteWriteOptions(pushOptions(y)) as never,
  handler: async (argv) => {
    seedArg(argv.seed);
    wholeNumberArg('concurrency', argv.concurrency, 1, MAX_CONCURRENCY);
    if (argv.maxRate !== undefined && !(argv.maxRate >= 1 && argv.maxRate <= 1e9)) throw new UsageError(`--max-rate ${argv.maxRate}: expected samples per second, 1 or more`);
    const url = receiverUrl('url', argv.url);
    const scenario = loadScenario(argv.scenario, { checks: seriesProblems });
    printWarnings(scenario);
    const nowMs = Date.now();
    // Set once the run is simulated and the total is known, before anything is sent (and so retried).
    const ui: { bar: ProgressBar | null } = { bar: null };
    const client = remoteWriteClient(url, argv, (n) => ui.bar?.retrying(n, client.config.retries));
    const stop = exitCleanlyOnSignals();
    try {
      const summary = await pushHistory(
        scenario,
        client,
        {
          seed: argv.seed,
          from: argv.from === undefined ? undefined : parseScenarioTime('from', argv.from),
          to: argv.to === undefined ? undefined : parseScenarioTime('to', argv.to),
          startAt: argv.startAt === undefined ? undefined : parseStartAt(argv.startAt, nowMs, scenario.step),
          labels: seriesLabels(argv),
          maxSamplesPerRequest: batchSize(argv),
          concurrency: argv.concurrency,
          staleMarkers: argv.staleMarkers,
          pace: argv.maxRate === undefined ? undefined : { samplesPerSecond: argv.maxRate, now: () => performance.now(), sleep },
          nowMs,
        },
        {
          onPlanned: (p) => (ui.bar = progressBar(p.samples, process.stderr)),
          onSent: (p) => ui.bar?.update(p.samples, p.lastMs),
        },
      );
      ui.bar?.finish();
      process.stdout.write(`${formatPushSummary(scenario.name, argv.seed ?? scenario.seed, client.shownUrl, summary)}\n`);
    } catch (e) {
      ui.bar?.finish();
      throw e;
    } finally {
      stop();
    }
  },
};
