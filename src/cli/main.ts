/** The lunar-sim command line: parse, call library code, format. One error handler picks the exit code. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode } from '../errors.js';
import { exitCodeAfterOutput, exitQuietlyOnBrokenPipe } from './broken-pipe.js';
import { COMMANDS, lazyCommand } from './commands.js';
import { reportError } from './fail.js';
import { stoppingOnSignal } from './interrupt.js';
import { usageError } from './usage-hints.js';
import { stopWhenWrapperEnds } from './wrapper-watch.js';

/** A usage mistake yargs found: reported after parsing, when its hint (usage-hints.ts) can be worked out. */
class YargsUsage extends Error {}

export async function main(args: string[]): Promise<number> {
  try {
    // lunar-sim speaks English: yargs' own words would otherwise follow LANG, around English messages.
    const cli = yargs(args).scriptName('lunar-sim').locale('en');
    for (const entry of COMMANDS) cli.command(lazyCommand(entry));
    skipHelpCaching(cli);
    await cli
      .demandCommand(1, `name a command: ${COMMANDS.map((c) => c.command.split(' ')[0]).join(', ')}`)
      .strict()
      .help()
      .version()
      .fail((msg, err) => {
        if (err && !isYargsError(err)) throw err;
        throw new YargsUsage(msg ?? err?.message ?? 'bad usage');
      })
      .parseAsync();
    return stoppingOnSignal() ?? Number(process.exitCode ?? ExitCode.ok);
  } catch (e) {
    // Stopped by a signal, the command fails because its children were stopped: that is not news.
    const stopped = stoppingOnSignal();
    if (stopped !== null) return stopped;
    // After an async builder, yargs' parse errors arrive here rather than through fail().
    return reportError(e instanceof YargsUsage || isYargsError(e) ? await usageError(e.message, args) : e);
  }
}

/**
 * yargs renders the whole help of the command it runs before running it (`cacheHelpMessage`), in case the handler
 * fails and the help is to be shown: lunar-sim never shows it then (`fail` throws, fail.ts prints one line), and the
 * rendering — text wrapped to the terminal's width — is a sizeable share of a short command's start-up. Internal
 * yargs API: when it is missing, nothing changes but the time.
 */
function skipHelpCaching(cli: unknown): void {
  const internal = cli as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/** yargs' own parse errors (YError) are usage errors like its validation messages. */
function isYargsError(e: unknown): e is Error {
  return e instanceof Error && e.name === 'YError';
}

exitQuietlyOnBrokenPipe();
stopWhenWrapperEnds();
// A command is done when its handler resolves: exit now, with the signal handlers still in place. Left to drain, Node
// restores the default SIGINT action while it tears down, and a late repeat of the signal (npm forwarding Ctrl-C)
// would kill a process that had stopped cleanly.
process.exit(exitCodeAfterOutput(await main(hideBin(process.argv))));
