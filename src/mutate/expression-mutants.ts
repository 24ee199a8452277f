/**
 * Mutants of an alert's expression, made on Prometheus' own syntax tree (src/promql): each threshold ×0.8 and ×1.25
 * (a zero threshold ±1), each comparison flipped, each range window and offset ×0.5 and ×2 (all the places a window
 * length appears at once: a ratio keeps one window), each `and`/`unless` guard dropped, each `or` alternative dropped.
 */
import { comparisons, setOperations, type Comparison } from '../promql/binary-operators.js';
import { durationSites, promDuration, type DurationSite } from '../promql/durations.js';
import { applyEdits, textOf } from '../promql/syntax.js';
import type { AlertRule } from '../verify/rules.js';
import { exprMutant, shortNumber, type RuleMutant, type MutationOperator } from './mutant.js';

const FLIPPED: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '!=', '!=': '==' };
/** Comparisons that fire above their threshold (a lower threshold makes them fire sooner). */
const ABOVE = new Set(['>', '>=']);


function thresholdNeed(c: Comparison, from: string, to: number, fires: string): string {
  const toText = shortNumber(to);
  const looser = ABOVE.has(c.op) ? to < Number(from) : to > Number(from);
  if (c.threshold!.role === 'factor') {
    return looser
      ? `a scenario expecting ${fires} silent while the compared value sits between ${toText}× and ${from}× its reference (just under the boundary)`
      : `a scenario expecting ${fires} to fire while the compared value sits between ${from}× and ${toText}× its reference (just over the boundary)`;
  }
  return looser
    ? `a boundary scenario expecting ${fires} silent with \`${c.op} ${from}\` false but \`${c.op} ${toText}\` true for longer than \`for\``
    : `a boundary scenario expecting ${fires} to fire with \`${c.op} ${from}\` true but \`${c.op} ${toText}\` false`;
}

function thresholdMutants(rule: AlertRule): RuleMutant[] {
  const out: RuleMutant[] = [];
  for (const c of comparisons(rule.expr)) {
    const t = c.threshold;
    if (!t) continue;
    const values = t.value === 0 ? [-1, 1] : [t.value * 0.8, t.value * 1.25];
    for (const v of values) {
      const expr = applyEdits(rule.expr, [{ from: t.from, to: t.to, text: shortNumber(v) }]);
      const what = t.role === 'factor' ? 'factor' : 'threshold';
      out.push(exprMutant(rule, 'threshold', `${what} \`${c.op} ${t.text}\` → ${shortNumber(v)}`, expr, thresholdNeed(c, t.text, v, rule.name)));
    }
    const flipped = FLIPPED[c.op];
    const expr = applyEdits(rule.expr, [{ from: c.opSpan.from, to: c.opSpan.to, text: flipped }]);
    const at = t ? ` ${t.text}` : '';
    out.push(exprMutant(rule, 'flip', `comparison \`${c.op}${at}\` → \`${flipped}${at}\``, expr, `any scenario where ${rule.name} must stay silent while its data exist`));
  }
  return out;
}

function durationMutants(rule: AlertRule): RuleMutant[] {
  const out: RuleMutant[] = [];
  const groups = new Map<string, DurationSite[]>();
  for (const s of durationSites(rule.expr)) {
    if (s.kind === 'subquery-step') continue;
    const key = `${s.kind === 'offset' ? 'offset' : 'window'} ${s.ms}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const sites of groups.values()) {
    const operator: MutationOperator = sites[0].kind === 'offset' ? 'offset' : 'window';
    for (const factor of [0.5, 2]) {
      const to = promDuration(sites[0].ms * factor);
      const expr = applyEdits(rule.expr, sites.map((s) => ({ from: s.from, to: s.to, text: to })));
      const change = `${operator} ${sites[0].text} → ${to}${sites.length > 1 ? ` (${sites.length} places)` : ''}`;
      const need = factor < 1
        ? `a scenario whose verdict a ${to} ${operator} changes: a burst the ${sites[0].text} ${operator} averages away (expected silent), or a resolution the shorter memory brings too early (resolve_after)`
        : `a scenario whose verdict a ${to} ${operator} changes: a detection or resolution deadline (before / resolve_before) the longer ${operator} misses`;
      out.push(exprMutant(rule, operator, change, expr, need));
    }
  }
  return out;
}

function clauseMutants(rule: AlertRule): RuleMutant[] {
  const out: RuleMutant[] = [];
  for (const s of setOperations(rule.expr)) {
    const lhs = textOf(rule.expr, s.lhs).trim();
    const rhs = textOf(rule.expr, s.rhs).trim();
    const short = (t: string): string => (t.length > 60 ? `${t.slice(0, 57)}...` : t).replace(/\s+/g, ' ');
    const keep = (text: string): string => applyEdits(rule.expr, [{ from: s.from, to: s.to, text }]);
    if (s.op === 'or') {
      out.push(exprMutant(rule, 'drop-clause', `alternative dropped: \`or ${short(rhs)}\``, keep(lhs), `a scenario where only \`${short(rhs)}\` makes ${rule.name} fire`));
      out.push(exprMutant(rule, 'drop-clause', `alternative dropped: \`${short(lhs)} or\``, keep(rhs), `a scenario where only \`${short(lhs)}\` makes ${rule.name} fire`));
    } else {
      out.push(exprMutant(rule, 'drop-clause', `guard dropped: \`${s.op} ${short(rhs)}\``, keep(lhs),
        `a scenario where \`${short(lhs)}\` holds but the guard \`${short(rhs)}\` does not, expecting ${rule.name} silent (e.g. too little traffic)`));
    }
  }
  return out;
}

/** Every expression mutant of `rule`. */
export function expressionMutants(rule: AlertRule): RuleMutant[] {
  return [...thresholdMutants(rule), ...durationMutants(rule), ...clauseMutants(rule)];
}
