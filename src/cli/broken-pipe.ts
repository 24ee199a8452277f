/**
 * `lunar-sim list | head -1`: once the reader has gone, every write fails with EPIPE (Node ignores SIGPIPE, so the
 * error arrives as an event that would otherwise crash with a stack trace). Stop quietly instead, with 141 (128 +
 * SIGPIPE), the status the shell reports for other programs a closed pipe stops; the exit hooks still stop children
 * and remove temp dirs.
 */
import { ExitCode } from '../errors.js';

const outputs = (): NodeJS.WriteStream[] => [process.stdout, process.stderr];

/** The exit code for a failed write to stdout or stderr. */
function codeFor(e: NodeJS.ErrnoException): number {
  // Any other output error (a terminal gone, a full disk): there is nowhere left to say it.
  return e.code === 'EPIPE' ? ExitCode.brokenPipe : ExitCode.cannotRun;
}

/** From now on, a failed write to stdout or stderr ends the process quietly. */
export function exitQuietlyOnBrokenPipe(): void {
  for (const stream of outputs()) stream.on('error', (e: NodeJS.ErrnoException) => process.exit(codeFor(e)));
}

/**
 * `code`, unless a write has already failed: the error event of a write made just before the command returned may
 * not have been delivered yet.
 */
export function exitCodeAfterOutput(code: number): number {
  const failed = outputs().map((s) => s.errored as NodeJS.ErrnoException | null).find((e) => e);
  return failed ? codeFor(failed) : code;
}
