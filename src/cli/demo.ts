/**
 * `lunar-sim demo [scenario]`: the whole monitoring story in one terminal — the simulator with its history, a real
 * Prometheus with the shipped rules, a real Alertmanager with the shipped routing, the inbox printing each
 * notification, the dashboard page (and Grafana when installed) — all compressed to `--speed`. Ctrl-C stops
 * everything and removes every temp dir.
 */
import type { CommandModule } from 'yargs';
import { formatDuration } from '../core/units.js';
import { startDemoStack, type DemoStack } from '../demo/demo-stack.js';
import { UsageError } from '../errors.js';
import { withScratch } from '../prometheus/scratch.js';
import { loadScenario, scenarioNames } from '../scenario/catalogue.js';
import { loopScenario } from '../demo/loop-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { seriesProblems } from '../runtime/run-budget.js';
import { durationArg, wholeNumberArg } from './arguments.js';
import { allowedHostsArg, withAllowedHost, type AllowedHostArgs } from './host-flags.js';
import { checkStackArgs, withStackOptions, type StackArgs } from './demo-arguments.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { LiveConsole, stopSignal, untilStopped } from './live-console.js';
import { notificationLines } from './notification-line.js';
import { endedLine, statusLine } from './status-line.js';
import { TOKEN_ENV, resolveToken } from './token.js';
import { printWarnings } from './scenario-warnings.js';
import { readDashboard } from '../dashboard-check/index.js';
import { defaultHistoryMs } from '../demo/history-span.js';

/** Longest history accepted: a week (backfill ~4 s per million samples, prometheus-facts.md). */
const MAX_HISTORY_MS = 7 * 24 * 3_600_000;

interface DemoArgs extends StackArgs, AllowedHostArgs {
  scenario?: string;
  loop: boolean;
  from?: string;
  history?: string;
  port: number;
  host: string;
  token?: string;
  tokenFile?: string;
  grafana: boolean;
}

/** The kiosk loop on `base`: every library scenario is a candidate (loop-scenario.ts keeps those that fit). */
function loopOf(base: Scenario, seed: number): Scenario {
  const candidates = scenarioNames().map((name) => loadScenario(name));
  try {
    return loopScenario(base, candidates, seed).scenario;
  } catch (e) {
    throw new UsageError(`--loop: ${(e as Error).message} (same traffic, profile and prices, no fleet)`);
  }
}

function historyOf(argv: DemoArgs, scenario: Scenario): number {
  const ms = durationArg('history', argv.history) ?? defaultHistoryMs(scenario.warmup, readDashboard(argv.dashboard), scenario.step, MAX_HISTORY_MS);
  if (ms > MAX_HISTORY_MS) throw new UsageError(`--history ${argv.history}: at most ${formatDuration(MAX_HISTORY_MS)}`);
  return ms;
}

function banner(stack: DemoStack, scenario: Scenario, argv: DemoArgs, history: number): string {
  const perMinute = formatDuration(Math.round(60_000 * argv.speed));
  return [
    `lunar-sim: demo "${scenario.name}" ×${argv.speed} (seed ${argv.seed ?? scenario.seed}) — ${scenario.summary}`,
    `  history:      ${formatDuration(history)} simulated and backfilled (${stack.historySamples.toLocaleString('en')} samples); live from scenario time ${formatDuration(durationArg('from', argv.from) ?? 0)}, ${perMinute} of scenario per real minute`,
    `  dashboard:    ${stack.session.url}/`,
    `  prometheus:   ${stack.prometheusUrl}`,
    `  alertmanager: ${stack.alertmanagerUrl}`,
    `  grafana:      ${stack.grafanaUrl ?? (argv.grafana ? 'grafana-server not installed: the dashboard page draws the same 14 panels' : 'off (--no-grafana)')}`,
    `  rules and Alertmanager timings are compressed ×${argv.speed}: values and alerts read as at speed 1. Ctrl-C stops everything.`,
    ...stack.problems.map((p) => `lunar-sim: warning: ${p.rule} cannot be compressed (${p.message}): it runs as written`),
    ...(stack.lateMs > 0 ? [`lunar-sim: warning: the setup took ${(stack.lateMs / 1000).toFixed(1)} s longer than planned: live data starts that much after the history`] : []),
  ].join('\n');
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  builder: (y) =>
    withStackOptions(
      withAllowedHost(y)
        .positional('scenario', { type: 'string', describe: 'scenario name or YAML file (default claude-outage; with --loop, the base the incidents are laid on: baseline)' })
        .option('loop', { type: 'boolean', default: false, describe: 'kiosk mode: incidents of the library drawn by --seed, one after another with healthy stretches between (30 days)' })
        .option('from', { type: 'string', describe: 'scenario time to start the live run at (default 0: the warm-up is the history)' })
        .option('history', { type: 'string', describe: "simulated history backfilled before --from (default: the dashboard's longest window, 24h as shipped, or the scenario's warm-up if longer)" })
        .option('port', { type: 'number', default: 9464, describe: 'port of the simulator and the page (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind; non-loopback needs --token' })
        .option('token', { type: 'string', describe: `bearer token required by the control API (visible in ps: prefer --token-file or ${TOKEN_ENV})` })
        .option('token-file', { type: 'string', describe: 'read the bearer token from this file' })
        .option('grafana', { type: 'boolean', default: true, describe: 'also start grafana-server when it is installed (--no-grafana: never)' }),
    ) as never,
  handler: async (argv) => {
    checkStackArgs(argv);
    const port = wholeNumberArg('port', argv.port, 0, 65535)!;
    const token = resolveToken(argv);
    const allowedHosts = allowedHostsArg(argv.allowedHost);
    const loaded = loadScenario(argv.scenario ?? (argv.loop ? 'baseline' : 'claude-outage'), { checks: seriesProblems });
    printWarnings(loaded);
    const scenario = argv.loop ? loopOf(loaded, argv.seed ?? 1) : argv.seed === undefined ? loaded : { ...loaded, seed: argv.seed };
    const from = durationArg('from', argv.from) ?? 0;
    if (from > scenario.duration) throw new UsageError(`--from ${argv.from}: the scenario lasts ${formatDuration(scenario.duration)}`);
    const history = historyOf(argv, scenario);
    const summary = await withScratch(async (scratch) => {
      // Ctrl-C while it starts: stop what has started, exit 130. Once it runs, Ctrl-C is how a demo ends (exit 0).
      const interrupted = exitCleanlyOnSignals();
      let stack: DemoStack;
      try {
        stack = await startDemoStack(
          {
            scenario,
            speed: argv.speed,
            from,
            historyMs: history,
            rulesFile: argv.rules,
            alertmanagerFile: argv.alertmanager,
            dashboardFile: argv.dashboard,
            host: argv.host,
            port,
            token,
            allowedHosts,
            grafana: argv.grafana,
            onStage: (stage) => process.stderr.write(`  ${stage}…\n`),
          },
          scratch,
        );
      } finally {
        interrupted();
      }
      const signalled = stopSignal(); // before the banner, so that a signal sent on seeing it is handled
      process.stdout.write(`${banner(stack, scenario, argv, history)}\n`);
      const terminal = new LiveConsole(() => statusLine(stack.session.run.status(), stack.session.run.windowFigures(), scenario.duration / 1000));
      // Said once, the second the scenario is over: the status line is only printed every 10 s off a terminal.
      const endWatch = setInterval(() => {
        if (stack.session.run.status().scenarioSeconds * 1000 < scenario.duration) return;
        clearInterval(endWatch);
        terminal.line(`lunar-sim: ${endedLine(scenario.name, scenario.duration)}`);
      }, 1000);
      stack.inbox.onNotification((n) => notificationLines(n, stack.axis, scenario.start).forEach((l) => terminal.line(l)));
      terminal.start();
      const why = await untilStopped(Number.POSITIVE_INFINITY, signalled);
      clearInterval(endWatch);
      terminal.stop();
      await stack.close();
      return `lunar-sim: demo stopped (${why}) after ${stack.inbox.received} notifications; Prometheus, Alertmanager and temp files removed\n`;
    });
    process.stdout.write(summary);
  },
};
