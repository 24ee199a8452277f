/** Where a command's report goes: a file, or stdout when the path is `-`. */
import { writeFileSync } from 'node:fs';

/** Writes `text` to `target` (`-` = stdout); returns a line saying where it went, or '' for stdout. */
export function writeOutput(target: string, text: string): string {
  if (target === '-') {
    process.stdout.write(text);
    return '';
  }
  writeFileSync(target, text);
  return `wrote ${target}`;
}
