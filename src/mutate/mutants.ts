/** Every mutant of a rules file, checked to parse and deduplicated (two changes giving the same rule are one mutant). */
import { parsePromql } from '../promql/syntax.js';
import type { AlertRule } from '../verify/rules.js';
import { expressionMutants } from './expression-mutants.js';
import type { Mutant } from './mutant.js';
import { timingMutants } from './timing-mutants.js';

function signature(r: AlertRule): string {
  return JSON.stringify([r.name, r.expr.replace(/\s+/g, ' ').trim(), r.forMs, r.keepFiringForMs]);
}

/** The mutants of every rule, in rule order. */
export function deriveMutants(rules: readonly AlertRule[]): Mutant[] {
  const seen = new Set(rules.map(signature));
  const out: Mutant[] = [];
  for (const rule of rules) {
    for (const m of [...expressionMutants(rule), ...timingMutants(rule)]) {
      parsePromql(m.rule.expr);
      const sig = signature(m.rule);
      if (seen.has(sig)) continue;
      seen.add(sig);
      out.push(m);
    }
  }
  return out;
}
