/** `lunar-sim run <scenario>`: a scenario live, with /metrics for Prometheus and a one-line status. */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { LivePush } from '../remote-write/live-push.js';
import { loadScenario } from '../scenario/catalogue.js';
import { formatDuration } from '../core/units.js';
import { startLiveSession, type LiveSession } from '../runtime/live-session.js';
import { describeExposed, seriesEstimate } from '../runtime/series-estimate.js';
import type { SimulationChoice } from '../runtime/simulation-mode.js';
import { SIMULATION_MODES } from '../scenario/schema.js';
import { durationArg } from './arguments.js';
import { batchSize, receiverUrl, remoteWriteClient, seriesLabels, withRemoteWriteOptions, type RemoteWriteArgs } from './remote-write-options.js';
import { statusLine } from './status-line.js';

/** Real time between two live remote-write snapshots: 1 s to 10 min. */
const REMOTE_WRITE_INTERVAL_MS = [1000, 600_000] as const;

interface RunArgs extends RemoteWriteArgs {
  scenario: string;
  port: number;
  host: string;
  seed?: number;
  speed: number;
  duration?: string;
  from?: string;
  token?: string;
  traffic: string;
  processMetrics: boolean;
  simulation?: SimulationChoice;
  remoteWrite?: string;
  remoteWriteInterval: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario]',
  describe: 'Run a scenario live and serve /metrics',
  builder: (y) =>
    withRemoteWriteOptions(y)
      .positional('scenario', { type: 'string', default: 'baseline', describe: 'scenario name or YAML file' })
      .option('port', { type: 'number', default: 9464, describe: 'port to listen on (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind; non-loopback needs --token' })
      .option('seed', { type: 'number', describe: "override the scenario's seed" })
      .option('speed', { type: 'number', default: 1, describe: 'simulated seconds per real second (rates scale with it)' })
      .option('duration', { type: 'string', describe: 'stop after this much scenario time (default: the scenario duration)' })
      .option('from', { type: 'string', describe: 'start at this scenario time, e.g. 14h for the daily peak' })
      .option('token', { type: 'string', describe: 'bearer token required by the control API' })
      .option('traffic', { choices: ['scenario', 'external'], default: 'scenario', describe: 'external: only HTTP requests make generations' })
      .option('process-metrics', { type: 'boolean', default: false, describe: "also expose the simulator's own process/Node.js metrics" })
      .option('simulation', { choices: SIMULATION_MODES, describe: 'per-generation, aggregate, or auto (aggregate when rate × speed is high)' })
      .option('remote-write', { type: 'string', describe: 'also push the live samples to this remote-write endpoint' })
      .option('remote-write-interval', { type: 'string', default: '15s', describe: 'remote write: real time between two snapshots (1s to 10m)' }) as never,
  handler: async (argv) => {
    if (!(argv.speed > 0)) throw new UsageError(`--speed ${argv.speed}: must be greater than 0`);
    if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535) throw new UsageError(`--port ${argv.port}: not a port`);
    const scenario = loadScenario(argv.scenario);
    const from = durationArg('from', argv.from) ?? 0;
    const duration = durationArg('duration', argv.duration) ?? Math.max(0, scenario.duration - from);
    const remoteWrite = argv.remoteWrite === undefined ? undefined : remoteWriteOf(argv, argv.remoteWrite);
    const session = await startLiveSession(scenario, {
      host: argv.host,
      port: argv.port,
      token: argv.token,
      speed: argv.speed,
      seed: argv.seed,
      from,
      selfDriven: argv.traffic !== 'external',
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
      `lunar-sim: running "${scenario.name}" (seed ${argv.seed ?? scenario.seed}, speed ×${argv.speed}, ${status.simulation}) — ${scenario.summary}\n` +
        metrics +
        `  series:   ${describeExposed(seriesEstimate(scenario))}\n` +
        `  status:   ${session.url}/api/v1/status\n  profile:  ${session.url}/api/v1/profile (PUT to change it live)\n` +
        scrape,
    );
    if (argv.speed !== 1) {
      process.stderr.write(`lunar-sim: warning: at speed ×${argv.speed} every rate Prometheus computes is ×${argv.speed} the simulated one\n`);
    }
    let push: LivePush | undefined;
    if (remoteWrite) {
      push = new LivePush(session.run, remoteWrite.client, { ...remoteWrite.options, now: Date.now });
      push.start();
      out.write(`  remote write: ${remoteWrite.client.config.url} every ${argv.remoteWriteInterval} (real time)\n`);
    }
    await runUntilStopped(session, duration / argv.speed, push);
  },
};

/** The live push's client and options from the flags, checked before anything starts. */
function remoteWriteOf(argv: RunArgs, urlText: string) {
  const intervalMs = durationArg('remote-write-interval', argv.remoteWriteInterval, { positive: true })!;
  const [min, max] = REMOTE_WRITE_INTERVAL_MS;
  if (intervalMs < min || intervalMs > max) throw new UsageError(`--remote-write-interval ${argv.remoteWriteInterval}: expected 1s to 10m`);
  const client = remoteWriteClient(receiverUrl('remote-write', urlText), argv, (n) =>
    process.stderr.write(`\nlunar-sim: remote write: retry ${n.retry} in ${(n.delayMs / 1000).toFixed(1)} s: ${n.reason}\n`),
  );
  const options = {
    intervalMs,
    labels: seriesLabels(argv),
    maxSamplesPerRequest: batchSize(argv),
    onDropped: (e: Error) => process.stderr.write(`\nlunar-sim: remote write: snapshot dropped: ${e.message}\n`),
  };
  return { client, options };
}

/**
 * Resolves when the real duration has passed or SIGINT/SIGTERM arrives, or with the error that `failed` rejects
 * with; removes its listeners either way.
 */
function untilStopped(realMs: number, failed?: Promise<never>): Promise<string | Error> {
  return new Promise((resolve) => {
    const finish = (why: string | Error): void => {
      clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(why);
    };
    const onInt = (): void => finish('SIGINT');
    const onTerm = (): void => finish('SIGTERM');
    // setTimeout holds at most 2^31-1 ms (24.8 days); longer runs end on a signal.
    const timer = setTimeout(() => finish('duration'), Math.min(realMs, 2 ** 31 - 1));
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    failed?.catch((e: Error) => finish(e));
  });
}

/**
 * Prints the status line until the run ends, then closes the server and the simulation cleanly (a live push ends
 * its series with stale markers). A receiver that refuses the samples ends the run with its error.
 */
async function runUntilStopped(session: LiveSession, realMs: number, push?: LivePush): Promise<void> {
  const tty = process.stdout.isTTY === true;
  const print = (): void => {
    const line = statusLine(session.run.status(), session.run.windowFigures());
    process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  const ticker = setInterval(print, tty ? 1000 : 10_000);
  const why = await untilStopped(realMs, push?.failed);
  clearInterval(ticker);
  print();
  if (tty) process.stdout.write('\n');
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
