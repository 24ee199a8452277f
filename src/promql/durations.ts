/**
 * The durations inside a PromQL expression — range selectors (`x[10m]`), subquery ranges and steps (`x[1h:5m]`)
 * and offsets (`offset 15m`) — located on the syntax tree, so they can be listed, scaled (time compression) or
 * mutated one by one.
 */
import type { SyntaxNode } from '@lezer/common';
import { formatDuration, parseDuration } from '../core/units.js';
import { applyEdits, childrenOf, nodesNamed, parsePromql, textOf, type Edit } from './syntax.js';

export type DurationKind = 'range' | 'subquery-range' | 'subquery-step' | 'offset';

/** One duration literal in an expression. */
export interface DurationSite {
  kind: DurationKind;
  /** Span of the literal itself (e.g. `10m`), in the expression text. */
  from: number;
  to: number;
  text: string;
  ms: number;
}

const HOLDERS = new Set(['MatrixSelector', 'SubqueryExpr', 'OffsetExpr']);
const LITERAL = 'NumberDurationLiteralInDurationContext';

/** The literal under a DurationExpr/OffsetDurationExpr, when it is a plain literal (not duration arithmetic). */
function literalOf(node: SyntaxNode): SyntaxNode | null {
  const kids = childrenOf(node);
  return kids.length === 1 && kids[0].type.name === LITERAL ? kids[0] : null;
}

/** A duration literal in ms: `10m`, `1h30m`, or a plain number of seconds (`300`). */
function literalMs(text: string): number | null {
  const ms = parseDuration(text);
  if (ms !== null) return ms;
  const seconds = Number(text);
  return text.trim() !== '' && Number.isFinite(seconds) ? seconds * 1000 : null;
}

function site(expr: string, kind: DurationKind, holder: SyntaxNode): DurationSite | null {
  const literal = literalOf(holder);
  if (!literal) return null;
  const text = textOf(expr, literal);
  const ms = literalMs(text);
  return ms === null ? null : { kind, from: literal.from, to: literal.to, text, ms };
}

/** Every plain duration literal of `expr`, in document order. Negative offsets are listed with their magnitude. */
export function durationSites(expr: string): DurationSite[] {
  const { tree } = parsePromql(expr);
  const out: DurationSite[] = [];
  for (const node of nodesNamed(tree, HOLDERS)) {
    const kids = childrenOf(node);
    if (node.type.name === 'OffsetExpr') {
      const holder = kids.find((k) => k.type.name === 'OffsetDurationExpr');
      // `offset -5m` nests the literal one level deeper, under a UnaryOp.
      const inner = holder && (literalOf(holder) ? holder : childrenOf(holder).find((k) => k.type.name === 'OffsetDurationExpr'));
      const s = inner && site(expr, 'offset', inner);
      if (s) out.push(s);
      continue;
    }
    const durations = kids.filter((k) => k.type.name === 'DurationExpr');
    if (node.type.name === 'MatrixSelector') {
      const s = durations[0] && site(expr, 'range', durations[0]);
      if (s) out.push(s);
    } else {
      const range = durations[0] && site(expr, 'subquery-range', durations[0]);
      const step = durations[1] && site(expr, 'subquery-step', durations[1]);
      if (range) out.push(range);
      if (step) out.push(step);
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

/**
 * A duration in Prometheus' notation (`1h30m`, `90s`, `250ms`), rounded to the millisecond and at least 1 ms:
 * Prometheus rejects a zero range.
 */
export function promDuration(ms: number): string {
  return formatDuration(Math.max(1, Math.round(ms)));
}

/**
 * `expr` with the durations `change` returns a new length for replaced (null or the same length: kept).
 */
export function rewriteDurations(expr: string, change: (site: DurationSite) => number | null): string {
  const edits: Edit[] = [];
  for (const s of durationSites(expr)) {
    const ms = change(s);
    if (ms !== null && ms !== s.ms) edits.push({ from: s.from, to: s.to, text: promDuration(ms) });
  }
  return applyEdits(expr, edits);
}
