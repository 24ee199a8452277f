/**
 * Which dashboard threshold steps stand for an alert's threshold, stated explicitly: a step is tied to a rule only
 * where the panel shows the quantity the rule compares (or the same one on another scale). The guide's other steps
 * (the fallback gauge's 10/20/50 % of every generation, the alert's ratio being of Claude calls; the in-flight
 * line at 10, the alert's bound growing with traffic) are the dashboard's own, and are not cross-checked.
 */
import { comparisons } from '../promql/binary-operators.js';
import type { AlertRule, RecordingRule } from '../verify/rules.js';

export interface ThresholdLink {
  panel: string;
  /** The query whose steps these are (an override by refId); undefined: the panel's default steps. */
  refId?: string;
  /**
   * The step whose value must be the rule's number, named by its colour: where the alerting colour begins for
   * `x > N` (orange from 30 s), where it ends for `x < N` (yellow from 30 %, red below).
   */
  colour: string;
  alert: string;
  /** The panel's value per unit of the rule's (100: the panel shows a percentage of the rule's ratio). */
  scale: number;
}

/** The shipped dashboard's links (src/monitoring/dashboard.ts builds those panels). */
export const THRESHOLD_LINKS: readonly ThresholdLink[] = [
  { panel: 'P95 Latence', colour: 'orange', alert: 'LunarGenerationLatencyHigh', scale: 1 },
  { panel: 'P95 Latence', colour: 'red', alert: 'LunarGenerationLatencyCritical', scale: 1 },
  { panel: 'Cache Hit Rate', colour: 'yellow', alert: 'LunarCacheHitRateLow', scale: 100 },
  { panel: 'Coût Quotidien', refId: 'B', colour: 'orange', alert: 'LunarGenerationCostHigh', scale: 1 },
  { panel: 'Coût Quotidien', refId: 'B', colour: 'red', alert: 'LunarGenerationCostCritical', scale: 1 },
];

const VECTOR_LITERAL = /^\s*vector\(\s*([0-9.eE+-]+)\s*\)\s*$/;
const SERIES_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;

/**
 * The number an alert compares against: the literal of its first comparison (`x > 30`), or a recording rule that is a
 * constant (`x > lunar:spend_budget_usd:per_day`, recorded as `vector(100)`), times a literal factor (`5 * …`).
 * null when the bound is computed from data.
 */
export function ruleThreshold(rule: AlertRule, records: readonly RecordingRule[]): number | null {
  const first = comparisons(rule.expr)[0];
  if (!first) return null;
  if (first.threshold?.role === 'bound') return first.threshold.value;
  const factor = first.threshold?.role === 'factor' ? first.threshold.value : 1;
  const bound = rule.expr.slice(first.opSpan.to, first.to);
  for (const name of bound.match(SERIES_NAME) ?? []) {
    const record = records.find((r) => r.record === name);
    const constant = record && VECTOR_LITERAL.exec(record.expr);
    if (constant) return factor * Number(constant[1]);
  }
  return null;
}
