/**
 * Mutants of an alert's aggregations and quantiles, made on Prometheus' syntax tree (src/promql/rewrite-sites.ts):
 * - each label of a `by`/`without` clause dropped, and `instance` added (to a clause, or as `by (instance)` to an
 *   aggregation without one): a fleet's replicas summed apart, or a histogram's buckets mixed;
 * - each sum/max/min/avg/count swapped for another (sum → max and avg, max/min/avg/count → sum, max ↔ min): one
 *   replica, or the mean, read as the whole;
 * - each `histogram_quantile` φ moved (0.95 → 0.9 and 0.99): another percentile than the SLO's.
 */
import { aggregationSites, quantileSites } from '../promql/rewrite-sites.js';
import { applyEdits } from '../promql/syntax.js';
import type { AlertRule } from '../verify/rules.js';
import { exprMutant, shortNumber, type RuleMutant, type MutationOperator } from './mutant.js';

const SWAPS: Record<string, readonly string[]> = { sum: ['max', 'avg'], max: ['sum', 'min'], min: ['sum', 'max'], avg: ['sum'], count: ['sum'] };
const ADDED = 'instance';


function groupingMutants(rule: AlertRule): RuleMutant[] {
  const out: RuleMutant[] = [];
  for (const a of aggregationSites(rule.expr)) {
    if (!(a.op in SWAPS)) continue;
    const m = a.modifier;
    const clause = m ? `${m.kind} (${m.labels.map((l) => l.name).join(', ')})` : '';
    for (const l of m?.labels ?? []) {
      const rest = m!.labels.filter((x) => x !== l).map((x) => x.name).join(', ');
      const expr = applyEdits(rule.expr, [{ ...m!.listSpan, text: `(${rest})` }]);
      out.push(exprMutant(rule, 'grouping', `${a.op} ${clause}: \`${l.name}\` dropped`, expr,
        `a scenario whose verdict depends on ${a.op} keeping \`${l.name}\` ${m!.kind === 'by' ? 'apart' : 'out'}`));
    }
    if (m?.labels.some((l) => l.name === ADDED)) continue;
    const expr = m
      ? applyEdits(rule.expr, [{ ...m.listSpan, text: `(${[...m.labels.map((l) => l.name), ADDED].join(', ')})` }])
      : applyEdits(rule.expr, [{ from: a.opSpan.to, to: a.opSpan.to, text: ` by (${ADDED})` }]);
    out.push(exprMutant(rule, 'grouping', `${a.op}${m ? ` ${clause}` : ''}: \`${ADDED}\` added${m ? '' : ' as `by (instance)`'}`, expr,
      `a fleet scenario (several instances) whose verdict the per-replica ${a.op} changes`));
  }
  return out;
}

function operatorMutants(rule: AlertRule): RuleMutant[] {
  return aggregationSites(rule.expr).flatMap((a) =>
    (SWAPS[a.op] ?? []).map((to) =>
      exprMutant(rule, 'aggregation', `aggregation \`${a.op}\` → \`${to}\``, applyEdits(rule.expr, [{ ...a.opSpan, text: to }]),
        `a scenario with several series under the ${a.op} (a fleet, several sources or models) whose verdict ${to} changes`)));
}

function quantileMutants(rule: AlertRule): RuleMutant[] {
  return quantileSites(rule.expr).flatMap((q) => {
    const lower = Math.round((q.value - 0.05) * 100) / 100;
    const higher = Math.round((q.value + (1 - q.value) * 0.8) * 1000) / 1000;
    return [lower, higher].filter((v) => v > 0 && v < 1 && v !== q.value).map((v) =>
      exprMutant(rule, 'quantile', `quantile ${q.text} → ${shortNumber(v)}`, applyEdits(rule.expr, [{ from: q.from, to: q.to, text: shortNumber(v) }]),
        `a boundary scenario whose P${shortNumber(q.value * 100)} and P${shortNumber(v * 100)} fall on either side of the threshold`));
  });
}

/** Every aggregation, grouping and quantile mutant of `rule`. */
export function aggregationMutants(rule: AlertRule): RuleMutant[] {
  return [...groupingMutants(rule), ...operatorMutants(rule), ...quantileMutants(rule)];
}
