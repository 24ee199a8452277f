/**
 * `backtest --mutants`: mutate's operators (every rule mutant of `lunar-sim mutate`: thresholds, windows, matchers,
 * aggregations, quantiles, timings, labels) run over stored history instead of scenarios. Each mutant's alert is
 * backtested alone, its firings compared with the original's over the same window: a mutant that would have fired
 * differently on your traffic is a change your history can tell apart; one that would not, your history cannot judge
 * (mutate's scenarios may). Alertmanager mutants change routing, not firings: they are left to `mutate`.
 */
import { inPool } from '../core/pool.js';
import { UsageError } from '../errors.js';
import { LIMITS, formatLimit } from '../limits.js';
import { deriveMutants } from '../mutate/mutants.js';
import type { RuleMutant } from '../mutate/mutant.js';
import { MAX_POINTS_PER_QUERY, type QueryOptions } from '../prometheus/query-client.js';
import { evaluationTimes, type RuleFile } from '../verify/rules.js';
import { backtest, type AlertFirings } from './backtest.js';
import { compareFirings } from './compare.js';
import type { TimeRange } from './time-range.js';

export interface MutantOutcome {
  id: string;
  alert: string;
  operator: string;
  added: number;
  removed: number;
  moved: number;
  unchanged: number;
}

/** Mutants backtested at once: each is already one query per 10,000 evaluations, gentle on a production API. */
const CONCURRENCY = 2;

/** Every rule mutant of `rules`, as mutate derives them. */
export function ruleMutants(rules: RuleFile): RuleMutant[] {
  return deriveMutants(rules.alerts, rules.records.map((r) => r.expr));
}

/** Range queries the mutants need over `range`. */
function queriesFor(mutants: readonly RuleMutant[], range: TimeRange): number {
  return mutants.reduce((n, m) => n + Math.ceil(evaluationTimes(range.fromMs, range.toMs, m.rule.intervalMs).length / MAX_POINTS_PER_QUERY), 0);
}

/**
 * The rule mutants of `rules`, refused (a usage error) when backtesting them over `range` takes more range queries
 * than a backtest may send: asked before any query, the backtest of the rules themselves included.
 */
export function boundedMutants(rules: RuleFile, range: TimeRange): RuleMutant[] {
  const mutants = ruleMutants(rules);
  const queries = queriesFor(mutants, range);
  if (queries > LIMITS.backtestQueries) {
    throw new UsageError(`--mutants: ${mutants.length} mutants over this window take ${formatLimit(queries)} range queries (limit ${formatLimit(LIMITS.backtestQueries)}): shorten --from/--to`);
  }
  return mutants;
}

/** Backtests each of `mutants` (of `rules`) over `range` and compares its firings with `original` (the rules' own). */
export async function backtestMutants(
  url: string,
  rules: RuleFile,
  mutants: readonly RuleMutant[],
  range: TimeRange,
  original: readonly AlertFirings[],
  options: QueryOptions = {},
): Promise<MutantOutcome[]> {
  return inPool(mutants, CONCURRENCY, async (m) => {
    const mine = await backtest(url, { alerts: [m.rule], records: rules.records }, range, options);
    const before = original.filter((a) => a.alert === m.alert);
    const c = compareFirings(before, mine.alerts, range.toMs);
    return { id: m.id, alert: m.alert, operator: m.operator, added: c.added.length, removed: c.removed.length, moved: c.moved.length, unchanged: c.unchanged };
  });
}

/** Whether the mutant would have fired differently over the history. */
export function differs(o: MutantOutcome): boolean {
  return o.added + o.removed + o.moved > 0;
}

/** The text report: how many mutants the history tells apart, and each of those with what changed. */
export function formatMutantOutcomes(outcomes: readonly MutantOutcome[]): string {
  const told = outcomes.filter(differs);
  return [
    `mutants: ${outcomes.length} rule mutants (mutate's operators); ${told.length} would have fired differently over this history, ${outcomes.length - told.length} the same (this history cannot tell them apart: mutate's scenarios judge those)`,
    ...told.map((o) => `  ${o.id}: ${[o.added && `${o.added} added`, o.removed && `${o.removed} removed`, o.moved && `${o.moved} moved`].filter(Boolean).join(', ')}`),
  ].join('\n');
}
