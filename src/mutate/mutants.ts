/** Every mutant of a rules file, checked to parse and deduplicated (two changes giving the same rule are one mutant), each id unique. */
import { parsePromql } from '../promql/syntax.js';
import type { AlertRule } from '../verify/rules.js';
import { aggregationMutants } from './aggregation-mutants.js';
import { expressionMutants } from './expression-mutants.js';
import { alertGroups, labelMutants } from './label-mutants.js';
import { labelDomains, matcherMutants } from './matcher-mutants.js';
import type { RuleMutant } from './mutant.js';
import { timingMutants } from './timing-mutants.js';

function signature(r: AlertRule): string {
  return JSON.stringify([r.name, r.expr.replace(/\s+/g, ' ').trim(), r.forMs, r.keepFiringForMs, Object.entries(r.labels).sort()]);
}

/** The mutants of every rule, in rule order; `context`: other expressions of the file (records) whose matcher values count as label domains. */
export function deriveMutants(rules: readonly AlertRule[], context: readonly string[] = []): RuleMutant[] {
  const seen = new Set(rules.map(signature));
  const domains = labelDomains([...rules.map((r) => r.expr), ...context]);
  const groups = alertGroups(rules);
  const out: RuleMutant[] = [];
  for (const rule of rules) {
    const all = [...expressionMutants(rule), ...matcherMutants(rule, domains), ...aggregationMutants(rule), ...timingMutants(rule), ...labelMutants(rule, groups)];
    for (const m of all) {
      parsePromql(m.rule.expr);
      const sig = signature(m.rule);
      if (seen.has(sig)) continue;
      seen.add(sig);
      out.push(m);
    }
  }
  return numberRepeats(out);
}

/**
 * The same change at several places of one rule (a threshold repeated in each `or` branch) reads the same: such
 * ids get their place, `[k/n]` in text order, so that an accept file can name each.
 */
function numberRepeats(mutants: RuleMutant[]): RuleMutant[] {
  const total = new Map<string, number>();
  for (const m of mutants) total.set(m.id, (total.get(m.id) ?? 0) + 1);
  const seen = new Map<string, number>();
  return mutants.map((m) => {
    const n = total.get(m.id)!;
    if (n === 1) return m;
    const k = (seen.get(m.id) ?? 0) + 1;
    seen.set(m.id, k);
    return { ...m, id: `${m.id} [${k}/${n}]` };
  });
}
