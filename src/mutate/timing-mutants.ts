/** Mutants of an alert's timing: `for` and `keep_firing_for` ×0.5, ×2 and 0 (where they are not already 0). */
import { formatDuration } from '../core/units.js';
import type { AlertRule } from '../verify/rules.js';
import type { RuleMutant } from './mutant.js';

function needFor(rule: AlertRule, to: number): string {
  return to < rule.forMs
    ? `a blip longer than ${formatDuration(to)} but shorter than ${formatDuration(rule.forMs)}, expecting ${rule.name} silent (or a tight \`after\`)`
    : `a fire window (\`before\`) that a ${formatDuration(to)} \`for\` misses`;
}

function needKeep(rule: AlertRule, to: number): string {
  return to < rule.keepFiringForMs
    ? `a flap whose quiet gaps last between ${formatDuration(to)} and ${formatDuration(rule.keepFiringForMs)} with max_firings 1, or a resolve_after the shorter hold misses`
    : `a resolve_before deadline that holding ${formatDuration(to)} after the condition clears misses`;
}

/** Every timing mutant of `rule`. */
export function timingMutants(rule: AlertRule): RuleMutant[] {
  const out: RuleMutant[] = [];
  const variants = (ms: number): number[] => (ms > 0 ? [ms / 2, ms * 2, 0] : []);
  for (const ms of variants(rule.forMs)) {
    out.push({
      id: `${rule.name}: for ${formatDuration(rule.forMs)} → ${formatDuration(ms)}`,
      alert: rule.name,
      operator: 'for',
      rule: { ...rule, forMs: ms },
      need: needFor(rule, ms),
    });
  }
  for (const ms of variants(rule.keepFiringForMs)) {
    out.push({
      id: `${rule.name}: keep_firing_for ${formatDuration(rule.keepFiringForMs)} → ${formatDuration(ms)}`,
      alert: rule.name,
      operator: 'keep_firing_for',
      rule: { ...rule, keepFiringForMs: ms },
      need: needKeep(rule, ms),
    });
  }
  return out;
}
