/** `lunar-sim run <scenario>`: a scenario live, with /metrics for Prometheus and a one-line status. */
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { LIMITS, formatLimit } from '../limits.js';
import { LivePush } from '../remote-write/live-push.js';
import { loadScenario } from '../scenario/catalogue.js';
import { formatDuration } from '../core/units.js';
import { peakRate } from '../scenario/profile-checks.js';
import type { Scenario } from '../scenario/scenario.js';
import { seriesProblems } from '../runtime/run-budget.js';
import { startLiveSession, type LiveSession } from '../runtime/live-session.js';
import { describeExposed, seriesEstimate } from '../runtime/series-estimate.js';
import type { SimulationChoice } from '../runtime/simulation-mode.js';
import { SIMULATION_MODES } from '../scenario/schema.js';
import { durationArg, seedArg, speedArg, wholeNumberArg } from './arguments.js';
import { allowedHostsArg, withAllowedHost, type AllowedHostArgs } from './host-flags.js';
import { printable } from './printable.js';
import { REMOTE_WRITE_GROUP, batchSize, receiverUrl, remoteWriteClient, seriesLabels, withRemoteWriteOptions, type RemoteWriteArgs } from './remote-write-options.js';
import { LiveConsole, stopSignal, untilStopped } from './live-console.js';
import { statusLine } from './status-line.js';
import { TOKEN_ENV, resolveToken } from './token.js';
import { printWarnings } from './scenario-warnings.js';

/** Real time between two live remote-write snapshots: 1 s to 10 min. */
const REMOTE_WRITE_INTERVAL_MS = [1000, 600_000] as const;

interface RunArgs extends RemoteWriteArgs, AllowedHostArgs {
  scenario: string;
  port: number;
  host: string;
  seed?: number;
  speed: string;
  duration?: string;
  from?: string;
  token?: string;
  tokenFile?: string;
  traffic: string;
  processMetrics: boolean;
  simulation?: SimulationChoice;
  remoteWrite?: string;
  remoteWriteInterval: string;
}

/** The run's own flags first; remote write's, which only matter with --remote-write, under their own heading after. */
function runOptions(y: Argv) {
  return y
    .positional('scenario', { type: 'string', default: 'baseline', describe: 'scenario name or YAML file' })
    .option('port', { type: 'number', default: 9464, describe: 'port to listen on (0 = any free port)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind; non-loopback needs --token' })
    .option('seed', { type: 'number', describe: "override the scenario's seed" })
    .option('speed', { type: 'string', default: '1', describe: `simulated seconds per real second, ${LIMITS.speedMin} to ${formatLimit(LIMITS.speedMax)} (rates scale with it)` })
    .option('duration', { type: 'string', describe: 'stop after this much scenario time (default: the scenario duration)' })
    .option('from', { type: 'string', describe: 'start at this scenario time, e.g. 14h for the daily peak' })
    .option('token', { type: 'string', describe: `bearer token required by the control API (visible in ps: prefer --token-file or ${TOKEN_ENV})` })
    .option('token-file', { type: 'string', describe: 'read the bearer token from this file' })
    .option('traffic', { choices: ['scenario', 'external'], default: 'scenario', describe: 'external: only HTTP requests make generations' })
    .option('process-metrics', { type: 'boolean', default: false, describe: "also expose the simulator's own process/Node.js metrics" })
    .option('simulation', { choices: SIMULATION_MODES, describe: 'per-generation, aggregate, or auto (aggregate when rate × speed is high)' })
    .option('remote-write', { type: 'string', describe: 'also push the live samples to this remote-write endpoint' })
    .option('remote-write-interval', { type: 'string', default: '15s', describe: 'real time between two snapshots (1s to 10m)' })
    .group(['port', 'host', 'speed', 'from', 'duration', 'seed', 'traffic', 'simulation', 'token', 'token-file', 'process-metrics'], 'Options:')
    .group(['remote-write', 'remote-write-interval'], REMOTE_WRITE_GROUP);
}

export const runCommand: CommandModule<object, RunArgs> = {
  builder: (y) => withRemoteWriteOptions(withAllowedHost(runOptions(y)).group('allowed-host', 'Options:')) as never,
  handler: async (argv) => {
    const speed = speedArg(argv.speed);
    const port = wholeNumberArg('port', argv.port, 0, 65535)!;
    const seed = seedArg(argv.seed);
    const token = resolveToken(argv);
    const allowedHosts = allowedHostsArg(argv.allowedHost);
    const scenario = loadScenario(argv.scenario, { checks: seriesProblems });
    printWarnings(scenario);
    const selfDriven = argv.traffic !== 'external';
    if (selfDriven) checkLiveRate(scenario, speed, argv.speed, argv.simulation);
    const from = durationArg('from', argv.from, { max: scenario.duration, maxWhy: "the scenario's duration" }) ?? 0;
    const duration = durationArg('duration', argv.duration, { max: LIMITS.scenarioDurationMs }) ?? Math.max(0, scenario.duration - from);
    const remoteWrite = argv.remoteWrite === undefined ? undefined : remoteWriteOf(argv, argv.remoteWrite);
    // Before listening, not after: a signal sent as soon as the URL is printed must find its handler in place.
    const signalled = stopSignal();
    const session = await startLiveSession(scenario, {
      host: argv.host,
      port,
      token,
      allowedHosts,
      speed,
      seed,
      from,
      selfDriven,
      processMetrics: argv.processMetrics,
      simulation: argv.simulation,
    });
    const out = process.stdout;
    const targets = session.replicaTargets;
    const metrics = targets.length
      ? `  metrics:  ${targets.length} replicas, each its own target: ${targets.map((t) => `http://${t}/metrics`).join(' ')}\n`
      : `  metrics:  ${session.url}/metrics\n`;
    const scrape = targets.length
      ? `  Prometheus: http_sd_configs: [{ url: '${session.url}/api/v1/targets' }] (or static targets ${JSON.stringify(targets)}; see monitoring/README.md)\n`
      : `  Prometheus: add a scrape job with targets ['${session.url.replace(/^http:\/\//, '')}'] (monitoring/prometheus.yml has one)\n`;
    const status = session.run.status();
    out.write(
      `lunar-sim: running "${scenario.name}" (seed ${seed ?? scenario.seed}, speed ×${speed}, ${status.simulation}) — ${scenario.summary}\n` +
        metrics +
        `  series:   ${describeExposed(seriesEstimate(scenario))}\n` +
        `  status:   ${session.url}/api/v1/status\n  profile:  ${session.url}/api/v1/profile (PUT to change it live)\n` +
        scrape,
    );
    if (speed !== 1) {
      process.stderr.write(`lunar-sim: warning: at speed ×${speed} every rate Prometheus computes is ×${speed} the simulated one\n`);
    }
    let push: LivePush | undefined;
    if (remoteWrite) {
      push = new LivePush(session.run, remoteWrite.client, { ...remoteWrite.options, now: Date.now });
      push.start();
      out.write(`  remote write: ${remoteWrite.client.shownUrl} every ${argv.remoteWriteInterval} (real time)\n`);
    }
    await runUntilStopped(session, duration / speed, signalled, push);
  },
};

/** The scenario's own arrivals per real second at this speed must stay within what a live run keeps up with. */
function checkLiveRate(scenario: Scenario, speed: number, speedText: string, choice?: SimulationChoice): void {
  // Under auto (or aggregate) a high rate × speed is simulated in aggregate, whose cost does not grow with the rate.
  const forced = choice && choice !== 'auto' ? choice : scenario.simulation;
  if (forced !== 'per-generation') return;
  const rate = peakRate(scenario.traffic, scenario.phases);
  const perRealSecond = rate * speed;
  if (perRealSecond > LIMITS.liveGenerationsPerSecond) {
    throw new UsageError(
      `--speed ${speedText}: the scenario's peak rate ${formatLimit(rate)}/s × ${speedText} = ${formatLimit(Math.round(perRealSecond))} generations per real second; ` +
        `a live run per generation keeps up with at most ${formatLimit(LIMITS.liveGenerationsPerSecond)} (a lower --speed, --simulation auto, or --traffic external)`,
    );
  }
}

/** The live push's client and options from the flags, checked before anything starts. */
function remoteWriteOf(argv: RunArgs, urlText: string) {
  const intervalMs = durationArg('remote-write-interval', argv.remoteWriteInterval, { positive: true })!;
  const [min, max] = REMOTE_WRITE_INTERVAL_MS;
  if (intervalMs < min || intervalMs > max) throw new UsageError(`--remote-write-interval ${argv.remoteWriteInterval}: expected 1s to 10m`);
  const client = remoteWriteClient(receiverUrl('remote-write', urlText), argv, (n) =>
    process.stderr.write(`\nlunar-sim: remote write: retry ${n.retry} in ${(n.delayMs / 1000).toFixed(1)} s: ${printable(n.reason)}\n`),
  );
  const options = {
    intervalMs,
    labels: seriesLabels(argv),
    maxSamplesPerRequest: batchSize(argv),
    onDropped: (e: Error) => process.stderr.write(`\nlunar-sim: remote write: snapshot dropped: ${printable(e.message)}\n`),
  };
  return { client, options };
}

/**
 * Prints the status line until the run ends, then closes the server and the simulation cleanly (a live push ends
 * its series with stale markers). A receiver that refuses the samples ends the run with its error.
 */
async function runUntilStopped(session: LiveSession, realMs: number, signalled: Promise<string>, push?: LivePush): Promise<void> {
  const terminal = new LiveConsole(() => statusLine(session.run.status(), session.run.windowFigures()));
  terminal.start();
  const why = await untilStopped(realMs, signalled, push?.failed);
  terminal.stop();
  const pushed = await push?.stop();
  await session.close();
  if (why instanceof Error) throw why;
  const status = session.run.status();
  const t = status.totals;
  const behind = status.keepingUp ? '' : `; the simulation was ${formatDuration(Math.round(status.lagSeconds) * 1000)} behind the clock (rate × speed is more than this machine simulates)`;
  process.stdout.write(`lunar-sim: stopped (${why}) after ${t.generations} generations ($${t.costUsd.toFixed(2)} of tokens)${behind}\n`);
  if (pushed) {
    process.stdout.write(
      `lunar-sim: remote write: ${pushed.snapshots} snapshots, ${pushed.samples.toLocaleString('en-US')} samples in ${pushed.requests} requests ` +
        `(${pushed.retries} retries, ${pushed.skipped} skipped, ${pushed.dropped} dropped), ${(pushed.bytes / 1e6).toFixed(2)} MB\n`,
    );
  }
}
