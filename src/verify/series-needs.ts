/**
 * Which exposed series a set of rules can ever read. Samples of the others cannot change a verdict, so verify does
 * not backfill them: the duration histogram of the cache, template and hardcoded sources, tokens and cost are most of
 * a scenario's samples, and no shipped rule selects them. Conservative: a selector without a metric name, or a
 * regular-expression matcher, keeps every series it might match.
 */
import { selectors, type LabelMatcher } from '../promql/selectors.js';

export type SeriesFilter = (name: string, labels: Readonly<Record<string, string>>) => boolean;

function matches(m: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[m.label] ?? '';
  if (m.op === '=') return value === m.value;
  if (m.op === '!=') return value !== m.value;
  return true; // a regex might match: keep the series rather than re-implement RE2
}

/** A filter keeping exactly the series some selector of `rules` (alerting or recording) may select. */
export function seriesNeeded(rules: readonly { expr: string }[]): SeriesFilter {
  const byName = new Map<string, LabelMatcher[][]>();
  for (const rule of rules) {
    for (const s of selectors(rule.expr)) {
      if (s.name === null) return () => true;
      byName.set(s.name, [...(byName.get(s.name) ?? []), s.matchers]);
    }
  }
  return (name, labels) => byName.get(name)?.some((matchers) => matchers.every((m) => matches(m, labels))) ?? false;
}
