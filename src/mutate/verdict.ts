/** A mutation run's outcome per mutant — killed, accepted or survived — and what is wrong with the accept list. */
import type { AcceptedMutant, EquivalenceKind } from './accept-file.js';
import type { MutantResult, MutationRun } from './mutation-run.js';

export type MutantStatus = 'killed' | 'accepted' | 'survived';

export interface MutantVerdict extends MutantResult {
  status: MutantStatus;
  acceptedReason?: string;
  /** Why it is equivalent under the policy: a harmless change, or a gap to close. */
  acceptedKind?: EquivalenceKind;
}

export interface MutationVerdict {
  mutants: MutantVerdict[];
  /** Accept entries that name no mutant, or a mutant the library kills: to remove. */
  staleAccepts: { mutant: string; why: string }[];
  /** Scenarios that could not judge (they fail on the original rules). */
  unusable: { scenario: string; note: string }[];
  ok: boolean;
}

/** Applies the accept list to a run. */
export function mutationVerdict(run: MutationRun, accepted: readonly AcceptedMutant[]): MutationVerdict {
  const entries = new Map(accepted.map((a) => [a.mutant, a]));
  const mutants: MutantVerdict[] = run.results.map((r) => {
    if (r.killedBy.length > 0) return { ...r, status: 'killed' };
    const entry = entries.get(r.mutant.id);
    return entry === undefined ? { ...r, status: 'survived' } : { ...r, status: 'accepted', acceptedReason: entry.reason, acceptedKind: entry.kind };
  });
  const byId = new Map(mutants.map((m) => [m.mutant.id, m]));
  const staleAccepts = accepted.flatMap((a) => {
    const m = byId.get(a.mutant);
    if (!m) return [{ mutant: a.mutant, why: 'no mutant of the rules has this id' }];
    if (m.status === 'killed') return [{ mutant: a.mutant, why: `killed by ${m.killedBy[0]}: no longer needs accepting` }];
    return [];
  });
  const unusable = run.scenarios.filter((s) => !s.usable).map((s) => ({ scenario: s.scenario, note: s.note }));
  const ok = mutants.every((m) => m.status !== 'survived') && staleAccepts.length === 0 && unusable.length === 0;
  return { mutants, staleAccepts, unusable, ok };
}
