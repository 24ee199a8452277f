/**
 * Every command, as the top-level help lists it: its usage and description here, everything else in its own
 * module, imported only when that command runs (yargs awaits an async builder). So `--help` or `list` loads none of
 * what `run`, `verify` or `load` need (fastify, prom-client, undici, the PromQL parser), and a module may import
 * what it likes at its top. A new command is one line here and a module exporting its builder and handler.
 */
import type { Argv, CommandBuilder, CommandModule } from 'yargs';

/**
 * What a command's module provides: its options and what it does. `any`: each module types its own arguments, which
 * this list cannot know; yargs gives the handler what the module's own builder declared.
 */
export interface CommandBody {
  builder?: CommandBuilder<object, any>;
  handler: (argv: any) => void | Promise<void>;
}

interface Entry {
  /** Usage, positionals included: yargs needs them before the module is loaded. */
  command: string;
  describe: string;
  /** Two or three command lines with what each does: `--help` shows them, a missing argument quotes the first. */
  examples: readonly (readonly [string, string])[];
  /** What the required positional is, for the one line a command run without it prints. */
  needs?: string;
  load: () => Promise<CommandBody>;
}

const SCENARIO = 'a scenario (a name from lunar-sim list, or a YAML file)';

/** demo and drill first: what a newcomer wants to see. */
export const COMMANDS: readonly Entry[] = [
  {
    command: 'demo [scenario]',
    describe: 'A scenario through a real Prometheus and Alertmanager, with history, compressed time and a dashboard page',
    examples: [
      ['lunar-sim demo claude-outage', 'the outage at ×60: dashboard, alerts firing, notifications in this terminal'],
      ['lunar-sim demo viral-day --speed 300', 'any scenario, faster'],
      ['lunar-sim demo my-scenario.yaml --rules my-alerts.yml', 'your own scenario against your own rules'],
    ],
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    command: 'drill <scenario>',
    describe: 'Run a scenario live through a real Prometheus and Alertmanager and judge its expect: from the notifications',
    needs: SCENARIO,
    examples: [
      ['lunar-sim drill claude-outage', 'judged from what Alertmanager sends (3 h of scenario in 3 minutes)'],
      ['lunar-sim drill fallback-just-above --speed 240', 'four times faster'],
      ['lunar-sim drill claude-outage --json -', 'verdicts and episodes as JSON'],
    ],
    load: async () => (await import('./drill.js')).drillCommand,
  },
  {
    command: 'run [scenario]',
    describe: 'Run a scenario live and serve /metrics',
    examples: [
      ['lunar-sim run baseline', 'metrics on http://127.0.0.1:9464/metrics'],
      ['lunar-sim run claude-outage --speed 10 --from 50m', 'ten times faster, from just before the outage'],
      ['lunar-sim run baseline --remote-write http://127.0.0.1:9090/api/v1/write', 'pushed instead of scraped'],
    ],
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    command: 'list',
    describe: 'List the shipped scenarios',
    examples: [
      ['lunar-sim list', 'names and summaries'],
      ['lunar-sim list --json', 'with durations and the alerts each expects'],
    ],
    load: async () => (await import('./list.js')).listCommand,
  },
  {
    command: 'show <scenario>',
    describe: 'Describe a scenario (name or file) phase by phase',
    needs: SCENARIO,
    examples: [
      ['lunar-sim show claude-outage', 'its phases in words'],
      ['lunar-sim show my-scenario.yaml --json', 'as parsed, defaults filled in'],
    ],
    load: async () => (await import('./show.js')).showCommand,
  },
  {
    command: 'validate <files..>',
    describe: 'Validate scenario files (or names); exit 1 when any has a problem',
    needs: 'one or more scenario files (or names)',
    examples: [
      ['lunar-sim validate my-scenario.yaml', 'every problem, with its line'],
      ['lunar-sim validate scenarios/*.yaml --rules my-alerts.yml', 'alert names in expect: checked against your rules'],
    ],
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    command: 'verify [scenarios..]',
    describe: "Prove each scenario's alert expectations with a real Prometheus over simulated data",
    examples: [
      ['lunar-sim verify --all', 'every scenario, judged by Prometheus'],
      ['lunar-sim verify claude-outage --rules my-alerts.yml', 'one scenario against your own rules'],
      ['lunar-sim verify --all --seeds 1..20', 'pass rates and times to detect under 20 seeds'],
    ],
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    command: 'mutate [scenarios..]',
    describe: 'Mutation-test the alert rules: every threshold, window, for and guard changed must fail some scenario',
    examples: [
      ['lunar-sim mutate', 'every mutant of the shipped rules against the library'],
      ['lunar-sim mutate hardcoded-single --alert LunarHardcodedFallbackUsed', "one alert's mutants against one scenario"],
    ],
    load: async () => (await import('./mutate.js')).mutateCommand,
  },
  {
    command: 'export <format> [scenarios..]',
    describe: 'Export verify timelines; format "promtool" writes promtool test rules files',
    needs: 'a format: promtool',
    examples: [
      ['lunar-sim export promtool --all --out tests/', 'promtool test rules files for every scenario'],
      ['lunar-sim export promtool claude-outage --every 1m', 'every evaluation of one scenario'],
    ],
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    command: 'calibrate',
    describe: "Fit a scenario to a Prometheus-compatible server's stored metrics: traffic shape, cache, models, errors, latency",
    examples: [
      ['lunar-sim calibrate --url http://prometheus:9090 --from now-7d --out prod.yaml', 'a week of production as a scenario, with its fit report'],
      ['lunar-sim calibrate --url http://127.0.0.1:9090 --from 2026-01-05T00:00:00Z --to 2026-01-08T00:00:00Z', 'three given days, the scenario on stdout'],
    ],
    load: async () => (await import('./calibrate.js')).calibrateCommand,
  },
  {
    command: 'backtest',
    describe: 'Evaluate alert rules over the stored history of a Prometheus-compatible server: each firing, per alert and per week',
    examples: [
      ['lunar-sim backtest --url http://prometheus:9090 --from now-30d', 'the shipped rules over the last 30 days'],
      ['lunar-sim backtest --url http://prometheus:9090 --rules new.yml --compare old.yml', 'what a change of rules changes'],
      ['lunar-sim backtest --url http://127.0.0.1:8428 --json -', 'against VictoriaMetrics, firings as JSON'],
    ],
    load: async () => (await import('./backtest.js')).backtestCommand,
  },
  {
    command: 'lint',
    describe: 'Check alert rules and dashboard queries against the metrics lunar-sim exports (exit 1 on findings)',
    examples: [
      ['lunar-sim lint', 'the shipped rules and dashboard'],
      ['lunar-sim lint --rules my-alerts.yml', 'your own rules'],
    ],
    load: async () => (await import('./lint.js')).lintCommand,
  },
  {
    command: 'load',
    describe: 'Send interpretation requests at a fixed or ramping arrival rate (open model) to the simulator or any API with the same contract',
    examples: [
      ['lunar-sim load --url http://127.0.0.1:9464 --rate 50/s --duration 60s', '50 requests a second for a minute'],
      ['lunar-sim load --url http://127.0.0.1:9464 --stages 30s:10/s,1m:200/s,30s:0/s --json -', 'a ramp, JSON report'],
    ],
    load: async () => (await import('./load.js')).loadCommand,
  },
  {
    command: 'push <scenario>',
    describe: "Send a scenario's history (warm-up + duration) to a Prometheus remote-write receiver",
    needs: SCENARIO,
    examples: [
      ['lunar-sim push baseline --to 29d --start-at now-30d --url http://127.0.0.1:9090/api/v1/write', 'a month, ending now'],
      ['lunar-sim push claude-outage --start-at now-3h --url URL --instance outage-drill', 'a drill in the last hours'],
    ],
    load: async () => (await import('./push.js')).pushCommand,
  },
];

/** A command's entry by its name (the first word of its usage). */
export function commandNamed(name: string): Entry | undefined {
  return COMMANDS.find((c) => c.command.split(' ')[0] === name);
}

/** The yargs command for `entry`: its module is imported by the builder, which yargs runs only for that command. */
export function lazyCommand(entry: Entry): CommandModule {
  let body: CommandBody | undefined;
  return {
    command: entry.command,
    describe: entry.describe,
    builder: async (y: Argv) => {
      body = await entry.load();
      const { builder } = body;
      for (const [line, what] of entry.examples) y.example(line, what);
      return typeof builder === 'function' ? await builder(y) : y.options(builder ?? {});
    },
    handler: async (argv) => (body ?? (await entry.load())).handler(argv),
  };
}
