/** The process table, read from /proc (no procps needed): so a test can prove that no child process outlived lunar-sim. */
import { readFileSync, readdirSync } from 'node:fs';

/**
 * `pid command line` of every live process whose command line (or, unless `environ` is false, environment) mentions
 * `text`; not this process.
 */
export function processesMentioning(text: string, options: { environ?: boolean } = {}): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d) && d !== String(process.pid))) {
    try {
      if (/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) continue; // a zombie is dead, awaiting its parent
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const env = options.environ === false ? '' : readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes(text) || env.includes(text)) found.push(`${pid} ${cmd}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** True while process `pid` exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Polls `probe` until it returns an empty list or `ms` pass; returns the last answer. A bound on the wait, not a
 * claim about how fast cleanup is: the assertion is on what remains.
 */
export async function untilEmpty<T>(probe: () => T[], ms = 10_000): Promise<T[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = probe();
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGKILLs every process that mentions `text`: a failed test must not leave its orphans to the next one. */
export function killMentioning(text: string): void {
  for (const line of processesMentioning(text)) {
    try {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
