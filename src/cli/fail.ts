/**
 * The one place that turns an error into output and an exit code (docs/cli.md lists them). Errors lunar-sim
 * raises on purpose print their message; anything else is a bug and says so, with the stack only on request.
 */
import { ExitCode, LunarSimError } from '../errors.js';
import { printableLines } from './printable.js';

function exitCodeFor(error: unknown): number {
  return error instanceof LunarSimError ? error.exitCode : ExitCode.cannotRun;
}

export function reportError(error: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  // Messages quote what came from outside (a receiver's answer, a file's keys): no control character reaches the terminal.
  if (error instanceof LunarSimError) {
    write(`lunar-sim: ${printableLines(error.message)}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    write(`lunar-sim: unexpected error: ${printableLines(message)}\n`);
    if (process.env.LUNAR_SIM_DEBUG && error instanceof Error) write(`${error.stack}\n`);
  }
  return exitCodeFor(error);
}
