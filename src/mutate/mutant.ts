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
  | 'alert-label';

export interface Mutant {
  /** Stable and readable: `<alert>: <what changed>`, e.g. `LunarGenerationStuck: threshold 10 → 12.5`. Accept files name it. */
  id: string;
  alert: string;
  operator: MutationOperator;
  /** The rule as the mutant has it (same name, different expression or timing). */
  rule: AlertRule;
  /** What a scenario must contain to tell this mutant from the original rule. */
  need: string;
}

/** A number as short as it can be written without losing it (0.16, 12.5, 2.4). */
export function shortNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A mutant of `rule` whose expression is `expr`, named `<alert>: <change>`. */
export function exprMutant(rule: AlertRule, operator: MutationOperator, change: string, expr: string, need: string): Mutant {
  return { id: `${rule.name}: ${change}`, alert: rule.name, operator, rule: { ...rule, expr }, need };
}
