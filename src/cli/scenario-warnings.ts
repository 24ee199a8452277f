/** A scenario's warnings (likely mistakes that leave it valid) on stderr, one line each, located like its problems. */
import type { Scenario } from '../scenario/scenario.js';
import { printable } from './printable.js';

export function printWarnings(s: Scenario, write: (text: string) => void = (t) => process.stderr.write(t)): void {
  for (const w of s.warnings ?? []) {
    const where = w.line === undefined ? s.source : `${s.source}:${w.line}:${w.column ?? 1}`;
    write(`lunar-sim: warning: ${printable(`${where} ${w.path}: ${w.message}`)}\n`);
  }
}
