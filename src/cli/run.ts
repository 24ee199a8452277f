/** `lunar-sim run <scenario>`: a scenario live, with /metrics for Prometheus and a one-line status. */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { loadScenario } from '../scenario/catalogue.js';
import { startLiveSession, type LiveSession } from '../runtime/live-session.js';
import { durationArg } from './arguments.js';
import { statusLine } from './status-line.js';

interface RunArgs {
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
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario]',
  describe: 'Run a scenario live and serve /metrics',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', default: 'baseline', describe: 'scenario name or YAML file' })
      .option('port', { type: 'number', default: 9464, describe: 'port to listen on (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind; non-loopback needs --token' })
      .option('seed', { type: 'number', describe: "override the scenario's seed" })
      .option('speed', { type: 'number', default: 1, describe: 'simulated seconds per real second (rates scale with it)' })
      .option('duration', { type: 'string', describe: 'stop after this much scenario time (default: the scenario duration)' })
      .option('from', { type: 'string', describe: 'start at this scenario time, e.g. 14h for the daily peak' })
      .option('token', { type: 'string', describe: 'bearer token required by the control API' })
      .option('traffic', { choices: ['scenario', 'external'], default: 'scenario', describe: 'external: only HTTP requests make generations' })
      .option('process-metrics', { type: 'boolean', default: false, describe: "also expose the simulator's own process/Node.js metrics" }) as never,
  handler: async (argv) => {
    if (!(argv.speed > 0)) throw new UsageError(`--speed ${argv.speed}: must be greater than 0`);
    if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535) throw new UsageError(`--port ${argv.port}: not a port`);
    const scenario = loadScenario(argv.scenario);
    const from = durationArg('from', argv.from) ?? 0;
    const duration = durationArg('duration', argv.duration) ?? Math.max(0, scenario.duration - from);
    const session = await startLiveSession(scenario, {
      host: argv.host,
      port: argv.port,
      token: argv.token,
      speed: argv.speed,
      seed: argv.seed,
      from,
      selfDriven: argv.traffic !== 'external',
      processMetrics: argv.processMetrics,
    });
    const out = process.stdout;
    out.write(
      `lunar-sim: running "${scenario.name}" (seed ${argv.seed ?? scenario.seed}, speed ×${argv.speed}) — ${scenario.summary}\n` +
        `  metrics:  ${session.url}/metrics\n  status:   ${session.url}/api/v1/status\n  profile:  ${session.url}/api/v1/profile (PUT to change it live)\n` +
        `  Prometheus: add a scrape job with targets ['${session.url.replace(/^http:\/\//, '')}'] (monitoring/prometheus.yml has one)\n`,
    );
    if (argv.speed !== 1) {
      process.stderr.write(`lunar-sim: warning: at speed ×${argv.speed} every rate Prometheus computes is ×${argv.speed} the simulated one\n`);
    }
    await runUntilStopped(session, duration / argv.speed);
  },
};

/** Resolves when the real duration has passed or SIGINT/SIGTERM arrives; removes its listeners either way. */
function untilStopped(realMs: number): Promise<string> {
  return new Promise((resolve) => {
    const finish = (why: string): void => {
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
  });
}

/** Prints the status line until the run ends, then closes the server and the simulation cleanly. */
async function runUntilStopped(session: LiveSession, realMs: number): Promise<void> {
  const tty = process.stdout.isTTY === true;
  const print = (): void => {
    const line = statusLine(session.run.status(), session.run.windowFigures());
    process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  const ticker = setInterval(print, tty ? 1000 : 10_000);
  const why = await untilStopped(realMs);
  clearInterval(ticker);
  print();
  if (tty) process.stdout.write('\n');
  await session.close();
  const t = session.run.status().totals;
  process.stdout.write(`lunar-sim: stopped (${why}) after ${t.generations} generations ($${t.costUsd.toFixed(2)} of tokens)\n`);
}
