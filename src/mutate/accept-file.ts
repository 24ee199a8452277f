/**
 * The equivalents file: mutants no scenario tells apart from the original, each "equivalent under the policy" with
 * its kind and the reason a reviewer needs — `harmless` (the change cannot make on-call miss, or get more than, what
 * docs/alerting-policy.md promises) or `gap` (it could, and the policy or the library has a gap to close). An entry
 * that names no mutant of the rules, or a mutant the library now kills, is stale and reported: the list must stay
 * short and true.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';

export const EQUIVALENCE_KINDS = ['harmless', 'gap'] as const;
export type EquivalenceKind = (typeof EQUIVALENCE_KINDS)[number];

export interface AcceptedMutant {
  mutant: string;
  kind: EquivalenceKind;
  reason: string;
}

/** Shortest reason worth the name: "noise" convinces nobody. */
const MIN_REASON = 40;

function entryProblem(e: Partial<AcceptedMutant> | null, i: number): string | null {
  if (typeof e?.mutant !== 'string' || typeof e.reason !== 'string') return `accepted[${i}]: needs \`mutant:\`, \`kind:\` and \`reason:\``;
  if (!EQUIVALENCE_KINDS.includes(e.kind as EquivalenceKind)) return `accepted[${i}] (${e.mutant}): \`kind:\` must be ${EQUIVALENCE_KINDS.join(' or ')}`;
  if (e.reason.trim().length < MIN_REASON) return `accepted[${i}] (${e.mutant}): the reason must say why, in at least ${MIN_REASON} characters`;
  return null;
}

/** Reads an equivalents file (`accepted: [{ mutant, kind, reason }]`); a usage error names each malformed entry. */
export function loadAcceptFile(file: string): AcceptedMutant[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read accept file ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const list = (doc as { accepted?: unknown } | null)?.accepted ?? [];
  if (!Array.isArray(list)) throw new UsageError(`${file}: \`accepted:\` must be a list of { mutant, kind, reason }`);
  const problems: string[] = [];
  const out: AcceptedMutant[] = [];
  list.forEach((entry: unknown, i) => {
    const e = entry as Partial<AcceptedMutant> | null;
    const problem = entryProblem(e, i);
    if (problem) problems.push(problem);
    else out.push({ mutant: e!.mutant!, kind: e!.kind!, reason: e!.reason!.trim() });
  });
  if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('; ')}`);
  return out;
}
