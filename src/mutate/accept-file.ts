/**
 * The accept file: mutants the scenario library does not kill on purpose, each with the reason a reviewer needs.
 * An entry that names no mutant of the rules, or a mutant the library now kills, is stale and reported: the list must
 * stay short and true.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';

export interface AcceptedMutant {
  mutant: string;
  reason: string;
}

/** Shortest reason worth the name: "noise" convinces nobody. */
const MIN_REASON = 40;

/** Reads an accept file (`accepted: [{ mutant, reason }]`); a usage error names each malformed entry. */
export function loadAcceptFile(file: string): AcceptedMutant[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read accept file ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const list = (doc as { accepted?: unknown } | null)?.accepted ?? [];
  if (!Array.isArray(list)) throw new UsageError(`${file}: \`accepted:\` must be a list of { mutant, reason }`);
  const problems: string[] = [];
  const out: AcceptedMutant[] = [];
  list.forEach((entry: unknown, i) => {
    const e = entry as Partial<AcceptedMutant> | null;
    if (typeof e?.mutant !== 'string' || typeof e.reason !== 'string') {
      problems.push(`accepted[${i}]: needs \`mutant:\` and \`reason:\` (text)`);
    } else if (e.reason.trim().length < MIN_REASON) {
      problems.push(`accepted[${i}] (${e.mutant}): the reason must say why, in at least ${MIN_REASON} characters`);
    } else {
      out.push({ mutant: e.mutant, reason: e.reason.trim() });
    }
  });
  if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('; ')}`);
  return out;
}
