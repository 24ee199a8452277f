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
  load: () => Promise<CommandBody>;
}

export const COMMANDS: readonly Entry[] = [
  { command: 'run [scenario]', describe: 'Run a scenario live and serve /metrics', load: async () => (await import('./run.js')).runCommand },
  { command: 'list', describe: 'List the shipped scenarios', load: async () => (await import('./list.js')).listCommand },
  { command: 'show <scenario>', describe: 'Describe a scenario (name or file) phase by phase', load: async () => (await import('./show.js')).showCommand },
  {
    command: 'validate <files..>',
    describe: 'Validate scenario files (or names); exit 1 when any has a problem',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    command: 'verify [scenarios..]',
    describe: "Prove each scenario's alert expectations with a real Prometheus over simulated data",
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    command: 'mutate [scenarios..]',
    describe: 'Mutation-test the alert rules: every threshold, window, for and guard changed must fail some scenario',
    load: async () => (await import('./mutate.js')).mutateCommand,
  },
  {
    command: 'export <format> [scenarios..]',
    describe: 'Export verify timelines; format "promtool" writes promtool test rules files',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    command: 'lint',
    describe: 'Check alert rules and dashboard queries against the metrics lunar-sim exports (exit 1 on findings)',
    load: async () => (await import('./lint.js')).lintCommand,
  },
  {
    command: 'load',
    describe: 'Send interpretation requests at a fixed or ramping arrival rate (open model) to the simulator or any API with the same contract',
    load: async () => (await import('./load.js')).loadCommand,
  },
  {
    command: 'push <scenario>',
    describe: "Send a scenario's history (warm-up + duration) to a Prometheus remote-write receiver",
    load: async () => (await import('./push.js')).pushCommand,
  },
  {
    command: 'demo [scenario]',
    describe: 'A scenario through a real Prometheus and Alertmanager, with history, compressed time and a dashboard page',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    command: 'drill <scenario>',
    describe: 'Run a scenario live through a real Prometheus and Alertmanager and judge its expect: from the notifications',
    load: async () => (await import('./drill.js')).drillCommand,
  },
];

/** The yargs command for `entry`: its module is imported by the builder, which yargs runs only for that command. */
export function lazyCommand(entry: Entry): CommandModule {
  let body: CommandBody | undefined;
  return {
    command: entry.command,
    describe: entry.describe,
    builder: async (y: Argv) => {
      body = await entry.load();
      const { builder } = body;
      return typeof builder === 'function' ? await builder(y) : y.options(builder ?? {});
    },
    handler: async (argv) => (body ?? (await entry.load())).handler(argv),
  };
}
