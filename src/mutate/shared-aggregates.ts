/**
 * The parts several mutants share, computed once per scenario: every aggregation over a range selector
 * (src/promql/range-aggregates.ts) that at least two of the expressions still to be queried contain is evaluated at
 * every evaluation time and stored in the scenario's Prometheus — exactly as verify stores a recording rule — and
 * each mutant is then queried with those parts read back. The values are the same (see range-aggregates.ts, and
 * test/e2e/shared-aggregates.test.ts, which compares both forms of every mutant); what changes is that an expression
 * differing from the original in one branch no longer makes Prometheus re-read hours of raw counters in all the
 * others.
 */
import { rangeAggregates, readStoredAggregates } from '../promql/range-aggregates.js';
import { writeRecordedSeries } from '../verify/recorded-series.js';
import type { AlertRule, RecordingRule } from '../verify/rules.js';
import type { ScenarioData } from '../verify/scenario-data.js';

/** Names of the stored parts: a namespace of lunar-sim's own, which no rule and no metric of the catalogue uses. */
const STORED_PREFIX = 'lunar_sim_shared:aggregate_';

/** How a rule's expression is read once shared parts are stored. */
export type ExpressionReader = (rule: Pick<AlertRule, 'expr' | 'intervalMs'>) => string;

/** Reads every expression as it is. */
export const readAsIs: ExpressionReader = (rule) => rule.expr;

/** The sites shared by at least two distinct expressions of the same interval, as records to store (in first-seen order). */
export function sharedAggregates(rules: readonly Pick<AlertRule, 'expr' | 'intervalMs'>[]): RecordingRule[] {
  const uses = new Map<string, { expr: string; intervalMs: number; count: number }>();
  const distinct = new Map<string, Pick<AlertRule, 'expr' | 'intervalMs'>>();
  for (const r of rules) distinct.set(`${r.intervalMs} ${r.expr}`, r);
  for (const r of distinct.values()) {
    for (const key of new Set(rangeAggregates(r.expr).filter((s) => s.offsetMs % r.intervalMs === 0).map((s) => s.key))) {
      const id = `${r.intervalMs} ${key}`;
      const u = uses.get(id) ?? { expr: key, intervalMs: r.intervalMs, count: 0 };
      u.count++;
      uses.set(id, u);
    }
  }
  return [...uses.values()].filter((u) => u.count >= 2)
    .map((u, i) => ({ record: `${STORED_PREFIX}${i}`, expr: u.expr, labels: {}, group: 'lunar-sim shared aggregates', intervalMs: u.intervalMs }));
}

/**
 * Stores the parts `rules` share in the scenario's Prometheus and returns how to read an expression with them
 * (`readAsIs` when nothing is shared), and how many parts were stored (a range query each).
 */
export async function storeSharedAggregates(data: ScenarioData, rules: readonly Pick<AlertRule, 'expr' | 'intervalMs'>[]): Promise<{ read: ExpressionReader; stored: number }> {
  const shared = sharedAggregates(rules);
  if (shared.length === 0) return { read: readAsIs, stored: 0 };
  await writeRecordedSeries(data.prometheusUrl, shared, data.from, data.to);
  const byInterval = new Map<number, Map<string, string>>();
  for (const s of shared) {
    const names = byInterval.get(s.intervalMs) ?? new Map<string, string>();
    names.set(s.expr, s.record);
    byInterval.set(s.intervalMs, names);
  }
  const read: ExpressionReader = (rule) => {
    const names = byInterval.get(rule.intervalMs);
    return names ? readStoredAggregates(rule.expr, names, rule.intervalMs) : rule.expr;
  };
  return { read, stored: shared.length };
}
