/**
 * An incident scenario must turn the panel that shows it: where the scenario expects an alert whose threshold a panel
 * step stands for (threshold-map.ts), that panel must cross the step at least once during the run — the P95 gauge
 * orange when LunarGenerationLatencyHigh must fire, the cache gauge red when LunarCacheHitRateLow must. An alert is
 * expected when `fire:` names it, or when a `warn:`/`page:` of its alert_group can only come from it (the one alert
 * of that group and severity: a warning of class cost may be the call-cost alert, not the budget's).
 */
import { comparisons } from '../promql/binary-operators.js';
import type { RangeSeries } from '../prometheus/query-client.js';
import type { Scenario } from '../scenario/scenario.js';
import type { AlertRule } from '../verify/rules.js';
import type { SpecPanel } from './dashboard-spec.js';
import type { DashboardFinding } from './static-checks.js';
import { THRESHOLD_LINKS, type ThresholdLink } from './threshold-map.js';

const SEVERITY = { page: 'critical', warn: 'warning' } as const;

/** Whether the scenario expects `rule` to fire (by name, or as the only alert that can send an expected notification). */
export function expectsAlert(s: Scenario, rule: AlertRule, rules: readonly AlertRule[]): boolean {
  if (s.expect?.fire.some((f) => f.alert === rule.name)) return true;
  const group = rule.labels.alert_group;
  return (s.expect?.notify ?? []).some((n) => {
    if (n.group !== group || SEVERITY[n.kind] !== rule.labels.severity) return false;
    return rules.filter((r) => r.labels.alert_group === group && r.labels.severity === rule.labels.severity).length === 1;
  });
}

/** Whether `value` is on the alerting side of the rule's number (`>`: at or above the step; `<`: below it). */
function crosses(value: number, bound: number, op: string): boolean {
  return op.startsWith('<') ? value < bound : value >= bound;
}

/** The findings for the links of `p` whose alert the scenario expects, but whose step the panel never crossed. */
export function incidentFindings(
  p: SpecPanel,
  answers: readonly RangeSeries[][],
  s: Scenario,
  rules: readonly AlertRule[],
  links: readonly ThresholdLink[] = THRESHOLD_LINKS,
): DashboardFinding[] {
  const out: DashboardFinding[] = [];
  for (const link of links.filter((l) => l.panel === p.title)) {
    const rule = rules.find((r) => r.name === link.alert);
    // The step as the panel has it (whether it sits at the rule's number is the threshold check's question).
    const step = (link.refId === undefined ? p.steps : p.stepsByRef.get(link.refId))?.find((x) => x.color === link.colour);
    if (!rule || !step || step.value === null || !expectsAlert(s, rule, rules)) continue;
    const op = comparisons(rule.expr)[0]?.op ?? '>';
    const bound = step.value;
    const series = p.targets.flatMap((t, i) => (link.refId === undefined || link.refId === t.refId ? answers[i] : []));
    const values = series.flatMap((x) => [...x.points.values()]);
    if (values.some((v) => crosses(v, bound, op))) continue;
    const seen = values.length ? `${+Math.min(...values).toPrecision(4)}–${+Math.max(...values).toPrecision(4)}` : 'nothing';
    out.push({ panel: p.title, check: 'colour', message: `never crosses its ${link.colour} step (${op.startsWith('<') ? 'below' : 'at or above'} ${bound}), though the scenario expects ${link.alert}: it showed ${seen}` });
  }
  return out;
}
