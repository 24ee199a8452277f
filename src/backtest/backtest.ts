/**
 * Backtest: what the alert rules of a file would have done over stored history. For each alert, its expression —
 * with the recording rules it reads inlined (promql/inline-records.ts: nothing is written to the server, which may
 * be production) — goes through query_range at its group's interval over the window, in chunks of at most 10,000
 * points (query-client.ts); the values go through the same `for`/`keep_firing_for` state machine verify uses
 * (verify/alert-timeline.ts). The server computes every value; this only keeps the states.
 */
import { inPool } from '../core/pool.js';
import { UsageError } from '../errors.js';
import { LIMITS, formatLimit } from '../limits.js';
import { queryRange, MAX_POINTS_PER_QUERY, type QueryOptions } from '../prometheus/query-client.js';
import { inlineRecords } from '../promql/inline-records.js';
import { alertTimeline, type AlertEpisode } from '../verify/alert-timeline.js';
import { evaluationTimes, type AlertRule, type RuleFile } from '../verify/rules.js';
import type { TimeRange } from './time-range.js';

/** One firing: from the evaluation the alert fired at to the one it resolved at (null: still firing at the end). */
export interface Firing {
  firedAt: number;
  resolvedAt: number | null;
}

/** The firings of one alert for one label set. */
export interface AlertFirings {
  alert: string;
  labels: Record<string, string>;
  firings: Firing[];
  /** The group's evaluation interval: the resolution of every time here. */
  intervalMs: number;
}

export interface BacktestResult {
  range: TimeRange;
  alerts: AlertFirings[];
  /** Alert rules evaluated, range queries sent, points returned. */
  rules: number;
  queries: number;
  points: number;
}

/** Alerts queried at once: a gentle load on a production query API. */
const CONCURRENCY = 2;

/** Range queries one rule needs over the window. */
function queriesFor(rule: AlertRule, range: TimeRange): number {
  return Math.ceil(evaluationTimes(range.fromMs, range.toMs, rule.intervalMs).length / MAX_POINTS_PER_QUERY);
}

/** Episodes that fired, grouped by label set, in time order. */
export function firingsOf(rule: AlertRule, episodes: readonly AlertEpisode[]): AlertFirings[] {
  const byKey = new Map<string, AlertFirings>();
  for (const e of episodes) {
    if (e.firedAt === null) continue;
    const key = JSON.stringify(Object.entries(e.labels).sort());
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { alert: rule.name, labels: e.labels, firings: [], intervalMs: rule.intervalMs }));
    entry.firings.push({ firedAt: e.firedAt, resolvedAt: e.resolvedAt });
  }
  return [...byKey.values()];
}

/** The expression sent for `rule`: its own, with every record it reads inlined. */
export function backtestExpression(rule: AlertRule, rules: RuleFile): string {
  try {
    return inlineRecords(rule.expr, rules.records);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${rule.name}: ${e.message}`);
    throw e;
  }
}

/** Backtests every alert rule of `rules` against the query API at `url` over `range`. */
export async function backtest(url: string, rules: RuleFile, range: TimeRange, options: QueryOptions = {}): Promise<BacktestResult> {
  const queries = rules.alerts.reduce((n, r) => n + queriesFor(r, range), 0);
  if (queries > LIMITS.backtestQueries) {
    throw new UsageError(`backtesting ${rules.alerts.length} alerts over this window takes ${formatLimit(queries)} range queries (limit ${formatLimit(LIMITS.backtestQueries)}): shorten --from/--to`);
  }
  const expressions = rules.alerts.map((rule) => backtestExpression(rule, rules));
  let points = 0;
  const perRule = await inPool(rules.alerts, CONCURRENCY, async (rule) => {
    const times = evaluationTimes(range.fromMs, range.toMs, rule.intervalMs);
    if (times.length === 0) return [];
    const series = await queryRange(url, expressions[rules.alerts.indexOf(rule)], times[0], times[times.length - 1], rule.intervalMs, options);
    if (series.length > LIMITS.backtestSeriesPerAlert) {
      throw new UsageError(`${rule.name} returned ${formatLimit(series.length)} series (limit ${formatLimit(LIMITS.backtestSeriesPerAlert)}): an alert expression that does not aggregate`);
    }
    for (const s of series) points += s.points.size;
    return firingsOf(rule, alertTimeline(rule, series, times));
  });
  return { range, alerts: perRule.flat(), rules: rules.alerts.length, queries, points };
}
