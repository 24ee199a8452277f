/** A mutant: one alert rule changed in one small way a reviewer could make by mistake (or on purpose). */
import type { AlertRule } from '../verify/rules.js';

export type MutationOperator =
  | 'threshold'
  | 'flip'
  | 'window'
  | 'offset'
  | 'for'
  | 'keep_firing_for'
  | 'drop-clause'
  | 'matcher'
  | 'grouping'
  | 'aggregation'
  | 'quantile'
  | 'alert-label'
  | 'am-matcher'
  | 'am-receiver'
  | 'am-group-by'
  | 'am-inhibit';

interface MutantBase {
  /** Stable and readable: `<alert>: <what changed>`, e.g. `LunarGenerationStuck: threshold 10 → 12.5`. Accept files name it. */
  id: string;
  /** The alert changed (`alertmanager` for a mutant of the Alertmanager configuration). */
  alert: string;
  operator: MutationOperator;
  /** What a scenario must contain to tell this mutant from the original. */
  need: string;
}

/** One alert rule changed. */
export interface RuleMutant extends MutantBase {
  /** The rule as the mutant has it (same name, different expression, timing or labels). */
  rule: AlertRule;
}

/** The Alertmanager configuration changed. */
export interface AlertmanagerMutant extends MutantBase {
  /** The configuration as the mutant has it (YAML text). */
  alertmanager: string;
}

export type Mutant = RuleMutant | AlertmanagerMutant;

/** True for a mutant of an alert rule. */
export function isRuleMutant(m: Mutant): m is RuleMutant {
  return 'rule' in m;
}

/** A number as short as it can be written without losing it (0.16, 12.5, 2.4). */
export function shortNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A mutant of `rule` whose expression is `expr`, named `<alert>: <change>`. */
export function exprMutant(rule: AlertRule, operator: MutationOperator, change: string, expr: string, need: string): RuleMutant {
  return { id: `${rule.name}: ${change}`, alert: rule.name, operator, rule: { ...rule, expr }, need };
}
