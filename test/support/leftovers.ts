/** What a command left behind: temp dirs in its private TMPDIR, processes still running with paths inside it. */
import { readFileSync, readdirSync } from 'node:fs';

/** Command lines of running processes that mention `text` (read from /proc: no procps needed). */
export function processesMentioning(text: string): string {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (cmd.includes(text) && pid !== String(process.pid)) found.push(`${pid} ${cmd}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found.join('\n');
}

/** lunar-sim's temp dirs left in `tmp`, and processes whose command line mentions it. */
export function leftovers(tmp: string): { dirs: string[]; processes: string } {
  const processes = processesMentioning(tmp);
  return { dirs: readdirSync(tmp).filter((d) => d.startsWith('lunar-sim-')), processes };
}
