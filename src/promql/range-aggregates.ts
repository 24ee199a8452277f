/**
 * Aggregations of a range function over one range selector — `sum by (…) (increase(x{…}[3h] offset 15m))` — found
 * on Prometheus' own syntax tree, and an expression rewritten to read each from a stored series instead.
 *
 * Why: mutation testing queries hundreds of expressions that differ in one place and share the rest, and the shared
 * parts that read raw counters over hours (`increase(…[6h])` over every series) are what Prometheus spends its time
 * on. Stored once per scenario under a name of their own (as a recording rule would store them: a sample at every
 * evaluation, a stale marker where the result loses a series), each is read back as `(name offset O + 0)`:
 * - at an evaluation time t, `name offset O` reads the sample stored at t − O (on the grid when O is a multiple of
 *   the interval), which is the aggregation's value over (t − O − range, t − O]: the site's own value at t;
 * - where the site had no series at t − O, the stale marker (or no sample at all before the data) leaves it empty;
 * - `+ 0` drops the stored name, as the aggregation has none, and changes no value.
 * Prometheus still evaluates everything; this only moves where a shared part is computed. Sites under a subquery
 * (whose steps are its own) or with `@` are left alone, and so is an offset off the interval's grid.
 */
import type { SyntaxNode } from '@lezer/common';
import { parseDuration } from '../core/units.js';
import { applyEdits, childrenOf, nodesNamed, parsePromql, textOf, type Edit } from './syntax.js';

/** One aggregation over a range selector, in an expression. */
export interface RangeAggregate {
  /** The site's span in the expression. */
  from: number;
  to: number;
  /** Its text without the offset: what is stored, and the key two expressions share it by. */
  key: string;
  /** The offset of its range selector, ms (0 without one). */
  offsetMs: number;
}

const AGGREGATE = new Set(['AggregateExpr']);

/** The argument nodes of a call or aggregation body (commas and parentheses left out). */
function argumentsOf(body: SyntaxNode | undefined): SyntaxNode[] {
  return body ? childrenOf(body).filter((c) => !['(', ')', ','].includes(c.type.name)) : [];
}

function unwrapParens(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type.name === 'ParenExpr') {
    const inner = argumentsOf(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

function underSubquery(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type.name === 'SubqueryExpr') return true;
  return false;
}

/** The range argument of `call` — `x[5m]` or `x[5m] offset 15m` — with its offset literal node, or null. */
function rangeArgument(call: SyntaxNode): { offset: SyntaxNode | null } | null {
  const args = argumentsOf(childrenOf(call).find((c) => c.type.name === 'FunctionCallBody'));
  if (args.length !== 1) return null;
  const arg = args[0];
  if (arg.type.name === 'MatrixSelector') return { offset: null };
  if (arg.type.name !== 'OffsetExpr') return null;
  const kids = childrenOf(arg);
  const duration = kids.find((k) => k.type.name === 'OffsetDurationExpr');
  const literal = duration && childrenOf(duration).length === 1 ? childrenOf(duration)[0] : null;
  if (kids[0]?.type.name !== 'MatrixSelector' || literal?.type.name !== 'NumberDurationLiteralInDurationContext') return null;
  return { offset: arg };
}

/** Every aggregation of one range function over one range selector in `expr`, outside subqueries, in text order. */
export function rangeAggregates(expr: string): RangeAggregate[] {
  const { tree } = parsePromql(expr);
  const out: RangeAggregate[] = [];
  for (const agg of nodesNamed(tree, AGGREGATE)) {
    if (underSubquery(agg) || textOf(expr, agg).includes('@')) continue;
    const args = argumentsOf(childrenOf(agg).find((c) => c.type.name === 'FunctionCallBody'));
    if (args.length !== 1) continue; // topk(3, …), quantile(0.9, …): a parameter
    const call = unwrapParens(args[0]);
    if (call.type.name !== 'FunctionCall') continue;
    const range = rangeArgument(call);
    if (!range) continue;
    let key = textOf(expr, agg);
    let offsetMs = 0;
    if (range.offset) {
      const selector = childrenOf(range.offset)[0];
      const literal = childrenOf(childrenOf(range.offset).find((k) => k.type.name === 'OffsetDurationExpr')!)[0];
      offsetMs = parseDuration(textOf(expr, literal)) ?? Number.NaN;
      if (!(offsetMs > 0)) continue;
      key = expr.slice(agg.from, range.offset.from) + textOf(expr, selector) + expr.slice(range.offset.to, agg.to);
    }
    out.push({ from: agg.from, to: agg.to, key, offsetMs });
  }
  return out;
}

/**
 * `expr` with every site whose key `stored` names, and whose offset is a multiple of `intervalMs`, read from the
 * stored series: `(name offset O + 0)`. Other sites are kept as they are.
 */
export function readStoredAggregates(expr: string, stored: ReadonlyMap<string, string>, intervalMs: number): string {
  const edits: Edit[] = [];
  for (const site of rangeAggregates(expr)) {
    const name = stored.get(site.key);
    if (name === undefined || site.offsetMs % intervalMs !== 0) continue;
    const offset = site.offsetMs > 0 ? ` offset ${site.offsetMs / 1000}s` : '';
    edits.push({ from: site.from, to: site.to, text: `(${name}${offset} + 0)` });
  }
  return applyEdits(expr, edits);
}
