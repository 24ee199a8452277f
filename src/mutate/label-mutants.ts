/**
 * Mutants of an alert's labels, which decide who is told and how (monitoring/alertmanager.yml routes on `severity`,
 * groups and inhibits on `alert_group`): the severity swapped (a page made a warning, a warning a page), and the
 * incident class swapped for the next class of the rules file (in the order they first appear).
 */
import type { AlertRule } from '../verify/rules.js';
import type { RuleMutant } from './mutant.js';

const SEVERITY_SWAP: Record<string, string> = { critical: 'warning', warning: 'critical' };

/** The incident classes of a rules file, in the order they first appear. */
export function alertGroups(rules: readonly AlertRule[]): string[] {
  return [...new Set(rules.flatMap((r) => (r.labels.alert_group ? [r.labels.alert_group] : [])))];
}

/** Every label mutant of `rule`; `groups`: the file's classes (alertGroups). */
export function labelMutants(rule: AlertRule, groups: readonly string[]): RuleMutant[] {
  const out: RuleMutant[] = [];
  const relabel = (label: string, to: string, need: string): RuleMutant => ({
    id: `${rule.name}: label ${label} ${rule.labels[label]} → ${to}`,
    alert: rule.name,
    operator: 'alert-label',
    rule: { ...rule, labels: { ...rule.labels, [label]: to } },
    need,
  });
  const severity = rule.labels.severity;
  if (severity && SEVERITY_SWAP[severity]) {
    out.push(relabel('severity', SEVERITY_SWAP[severity], `a scenario expecting the ${severity === 'critical' ? 'page' : 'warning'} ${rule.name} sends (page:/warn: of ${rule.labels.alert_group ?? 'its class'}), or expecting none of the other severity`));
  }
  const group = rule.labels.alert_group;
  if (group && groups.length > 1) {
    const next = groups[(groups.indexOf(group) + 1) % groups.length];
    out.push(relabel('alert_group', next, `a scenario expecting the notification ${rule.name} sends under class ${group} (and none of class ${next})`));
  }
  return out;
}
