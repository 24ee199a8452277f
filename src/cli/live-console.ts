/**
 * The terminal of a live command (`run`, `demo`): a status line refreshed in place on a terminal (every 10 s as plain
 * lines otherwise), event lines printed above it, and the wait for the end (a duration, or Ctrl-C/SIGTERM).
 */
import { LongTimers } from '../runtime/long-timers.js';

/**
 * Resolves when the real duration has passed or SIGINT/SIGTERM arrives, or with the error that `failed` rejects with
 * (a live push that the receiver refuses); removes its listeners either way.
 */
export function untilStopped(realMs: number, failed?: Promise<never>): Promise<string | Error> {
  return new Promise((resolve) => {
    const timers = new LongTimers();
    const finish = (why: string | Error): void => {
      timers.clear();
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(why);
    };
    const onInt = (): void => finish('SIGINT');
    const onTerm = (): void => finish('SIGTERM');
    // Chunked: a month at speed 1 is longer than one setTimeout holds. The server keeps the process alive meanwhile.
    timers.after(realMs, () => finish('duration'));
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    failed?.catch((e: Error) => finish(e));
  });
}

export class LiveConsole {
  private readonly status: () => string;
  private readonly tty = process.stdout.isTTY === true;
  private ticker: NodeJS.Timeout | null = null;

  constructor(status: () => string) {
    this.status = status;
  }

  start(): void {
    this.ticker = setInterval(() => this.print(), this.tty ? 1000 : 10_000);
  }

  /** The status line, in place on a terminal. */
  print(): void {
    const line = this.status();
    process.stdout.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** An event line above the status line. */
  line(text: string): void {
    process.stdout.write(this.tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    if (this.tty) this.print();
  }

  /** Prints the status a last time and stops refreshing it. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.print();
    if (this.tty) process.stdout.write('\n');
  }
}
