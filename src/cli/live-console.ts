/**
 * The terminal of a live command (`run`, `demo`): a status line refreshed in place on a terminal (every 10 s as plain
 * lines otherwise), event lines printed above it, and the wait for the end (a duration, or Ctrl-C/SIGTERM).
 */
import { LongTimers } from '../runtime/long-timers.js';

/**
 * Resolves with the name of the first SIGINT or SIGTERM. Call it before announcing the command's URL: a signal sent
 * the moment the URL appears must find its handler in place. The listeners stay: a repeat (Ctrl-C under `npm start`
 * arrives twice, from the terminal and from npm) is ignored rather than killing the clean stop.
 */
export function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.on('SIGINT', () => resolve('SIGINT'));
    process.on('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * Resolves when the real duration has passed or `signalled` resolves, or with the error that `failed` rejects with
 * (a live push that the receiver refuses).
 */
export async function untilStopped(realMs: number, signalled: Promise<string>, failed?: Promise<never>): Promise<string | Error> {
  const timers = new LongTimers();
  // Chunked: a month at speed 1 is longer than one setTimeout holds. The server keeps the process alive meanwhile.
  const elapsed = new Promise<string>((resolve) => timers.after(realMs, () => resolve('duration')));
  const why = await Promise.race([signalled, elapsed, ...(failed ? [failed.catch((e: Error) => e)] : [])]);
  timers.clear();
  return why;
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
