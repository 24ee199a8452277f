/** The lunar-sim command line: parse, call library code, format. One error handler picks the exit code. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, UsageError } from '../errors.js';
import { exitCodeAfterOutput, exitQuietlyOnBrokenPipe } from './broken-pipe.js';
import { reportError } from './fail.js';
import { stoppingOnSignal } from './interrupt.js';
import { listCommand } from './list.js';
import { runCommand } from './run.js';
import { showCommand } from './show.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';
import { mutateCommand } from './mutate.js';
import { exportCommand } from './export.js';
import { lintCommand } from './lint.js';
import { loadCommand } from './load.js';
import { pushCommand } from './push.js';
import { demoCommand } from './demo.js';
import { drillCommand } from './drill.js';
import { stopWhenWrapperEnds } from './wrapper-watch.js';

export async function main(args: string[]): Promise<number> {
  try {
    await yargs(args)
      .scriptName('lunar-sim')
      .command(runCommand)
      .command(listCommand)
      .command(showCommand)
      .command(validateCommand)
      .command(verifyCommand)
      .command(mutateCommand)
      .command(exportCommand)
      .command(lintCommand)
      .command(loadCommand)
      .command(pushCommand)
      .command(demoCommand)
      .command(drillCommand)
      .demandCommand(1, 'name a command: run, demo, drill, list, show, validate, verify, mutate, export, lint, load, push')
      .strict()
      .help()
      .version()
      .fail((msg, err) => {
        // yargs' own parse errors (YError) are usage errors like its validation messages, which may span lines.
        if (err && err.name !== 'YError') throw err;
        throw new UsageError((msg ?? err?.message ?? 'bad usage').replace(/\s*\n\s*/g, ' '));
      })
      .parseAsync();
    return stoppingOnSignal() ?? Number(process.exitCode ?? ExitCode.ok);
  } catch (e) {
    // Stopped by a signal, the command fails because its children were stopped: that is not news.
    return stoppingOnSignal() ?? reportError(e);
  }
}

exitQuietlyOnBrokenPipe();
stopWhenWrapperEnds();
// A command is done when its handler resolves: exit now, with the signal handlers still in place. Left to drain, Node
// restores the default SIGINT action while it tears down, and a late repeat of the signal (npm forwarding Ctrl-C)
// would kill a process that had stopped cleanly.
process.exit(exitCodeAfterOutput(await main(hideBin(process.argv))));
