/** What a command left behind: temp dirs in its private TMPDIR, processes still running with paths inside it. */
import { readdirSync } from 'node:fs';
import { processesMentioning } from './processes.js';

/** lunar-sim's temp dirs left in `tmp`, and processes whose command line mentions it. */
export function leftovers(tmp: string): { dirs: string[]; processes: string } {
  const processes = processesMentioning(tmp, { environ: false }).join('\n');
  return { dirs: readdirSync(tmp).filter((d) => d.startsWith('lunar-sim-')), processes };
}
