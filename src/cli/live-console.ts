/**
 * The terminal of a live command (`run`, `demo`): a status line refreshed in place on a terminal (every 10 s as plain
 * lines otherwise), event lines printed above it, and the wait for the end (a duration, or Ctrl-C/SIGTERM).
 */
import { LongTimers } from '../runtime/long-timers.js';

/**
 * Resolves when the real duration has passed or SIGINT/SIGTERM arrives, or with the error that `failed` rejects with
 * (a live push that the receiver refuses). The signal listeners stay: a repeat (Ctrl-C under `npm start` arrives
 * twice, from the terminal and from npm) is ignored rather than killing the clean stop.
 */
export function untilStopped(realMs: number, failed?: Promise<never>): Promise<string | Error> {
  return new Promise((resolve) => {
    const timers = new LongTimers();
    let stopped = false;
    const finish = (why: string | Error): void => {
      if (stopped) return;
      stopped = true;
      timers.clear();
      resolve(why);
    };
    // Chunked: a month at speed 1 is longer than one setTimeout holds. The server keeps the process alive meanwhile.
    timers.after(realMs, () => finish('duration'));
    process.on('SIGINT', () => finish('SIGINT'));
    process.on('SIGTERM', () => finish('SIGTERM'));
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
