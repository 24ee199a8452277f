/** Mutation results for people (a summary, the survivors with what would kill them) and for machines (JSON). */
import type { MutationRun } from './mutation-run.js';
import type { MutationVerdict } from './verdict.js';

function count(v: MutationVerdict, status: string): number {
  return v.mutants.filter((m) => m.status === status).length;
}

/** The human report (`rulesFile`: what was mutated, named for the reader); `verbose` also lists each killed mutant with the scenario that killed it and why. */
export function formatMutationReport(run: MutationRun, v: MutationVerdict, rulesFile: string, verbose = false): string {
  const lines: string[] = [];
  const usable = run.scenarios.filter((s) => s.usable).length;
  const queries = run.scenarios.reduce((s, x) => s + x.queries, 0);
  lines.push(
    `mutate: ${v.mutants.length} mutants of ${rulesFile} over ${usable} scenarios (${queries} queries, ${(run.totalMs / 1000).toFixed(1)} s)`,
    `  killed ${count(v, 'killed')} · equivalent under the policy ${count(v, 'accepted')} · survived unexplained ${count(v, 'survived')}`,
  );
  for (const u of v.unusable) lines.push(`  scenario ${u.scenario} cannot judge mutants: ${u.note}`);
  const survivors = v.mutants.filter((m) => m.status === 'survived');
  if (survivors.length > 0) {
    lines.push('', 'SURVIVED, UNEXPLAINED (add a scenario, or list it as equivalent under the policy with its reason):');
    for (const m of survivors) {
      lines.push(`  ${m.mutant.id}`);
      const seen = m.observations.filter((o) => o.difference);
      if (seen.length === 0) lines.push(`    no scenario tells it apart from the original (identical ${'rule' in m.mutant ? 'timelines' : 'notifications'} everywhere)`);
      for (const o of seen.slice(0, 3)) lines.push(`    differs in ${o.scenario} (${o.difference}), but its expectations allow both`);
      lines.push(`    needs: ${m.mutant.need}`);
    }
  }
  if (v.staleAccepts.length > 0) {
    lines.push('', 'STALE ACCEPT ENTRIES (remove them):');
    for (const s of v.staleAccepts) lines.push(`  ${s.mutant}: ${s.why}`);
  }
  const accepted = v.mutants.filter((m) => m.status === 'accepted');
  for (const [kind, title] of [['harmless', 'a harmless change'], ['gap', 'a gap in the policy or the library, to close']] as const) {
    const of = accepted.filter((m) => m.acceptedKind === kind);
    if (of.length === 0) continue;
    lines.push('', `EQUIVALENT UNDER THE POLICY — ${title} (${of.length}):`);
    for (const m of of) lines.push(`  ${m.mutant.id}`, `    ${m.acceptedReason}`);
  }
  if (verbose) {
    lines.push('', 'KILLED:');
    for (const m of v.mutants.filter((x) => x.status === 'killed')) {
      const o = m.observations.find((x) => x.killReason)!;
      lines.push(`  ${m.mutant.id}`, `    by ${m.killedBy.join(', ')}: ${o.killReason}`);
    }
  }
  lines.push('', v.ok ? 'mutate: every mutant is killed or equivalent under the policy' : 'mutate: FAILED — see above');
  return lines.join('\n');
}

/** Everything, for tools: each mutant with its rule change, status, killers and per-scenario observations. */
export function mutationJson(run: MutationRun, v: MutationVerdict): unknown {
  return {
    ok: v.ok,
    totalMs: Math.round(run.totalMs),
    scenarios: run.scenarios,
    staleAccepts: v.staleAccepts,
    mutants: v.mutants.map((m) => ({
      id: m.mutant.id,
      alert: m.mutant.alert,
      operator: m.mutant.operator,
      ...('rule' in m.mutant
        ? { expr: m.mutant.rule.expr, forSeconds: m.mutant.rule.forMs / 1000, keepFiringForSeconds: m.mutant.rule.keepFiringForMs / 1000, labels: m.mutant.rule.labels }
        : { alertmanager: m.mutant.alertmanager }),
      status: m.status,
      killedBy: m.killedBy,
      acceptedReason: m.acceptedReason,
      acceptedKind: m.acceptedKind,
      need: m.mutant.need,
      observations: m.observations,
    })),
  };
}
