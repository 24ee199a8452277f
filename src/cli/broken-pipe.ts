/**
 * `lunar-sim list | head -1`: once the reader has gone, every write fails with EPIPE (Node ignores SIGPIPE, so the
 * error arrives as an event that would otherwise crash with a stack trace). Stop quietly instead, with 141 (128 +
 * SIGPIPE), the status the shell reports for other programs a closed pipe stops; the exit hooks still stop children
 * and remove temp dirs.
 */
import { ExitCode } from '../errors.js';

export function exitQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(ExitCode.brokenPipe);
      // Any other output error (a terminal gone, a full disk): nowhere left to say it.
      process.exit(ExitCode.cannotRun);
    });
  }
}
