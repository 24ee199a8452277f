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
import { applyEdits, argumentsOf, childrenOf, containsNode, nodesNamed, parsePromql, textOf, unwrapParens, type Edit } from './syntax.js';

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

function underSubquery(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type.name === 'SubqueryExpr') return true;
  return false;
}

/**
 * The range argument of `call` — `x[5m]`, or `x[5m] offset 15m` with its selector and offset in ms — or null (another
 * argument, a negative or computed offset).
 */
function rangeArgument(expr: string, call: SyntaxNode): { offset: { node: SyntaxNode; selector: SyntaxNode; ms: number } | null } | null {
  const args = argumentsOf(call);
  if (args.length !== 1) return null;
  const arg = args[0];
  if (arg.type.name === 'MatrixSelector') return { offset: null };
  if (arg.type.name !== 'OffsetExpr') return null;
  const [selector, ...rest] = childrenOf(arg);
  const duration = rest.find((k) => k.type.name === 'OffsetDurationExpr');
  const literal = duration ? childrenOf(duration) : [];
  if (selector?.type.name !== 'MatrixSelector' || literal.length !== 1 || literal[0].type.name !== 'NumberDurationLiteralInDurationContext') return null;
  const ms = parseDuration(textOf(expr, literal[0]));
  return ms !== null && ms > 0 ? { offset: { node: arg, selector, ms } } : null;
}

/** Every aggregation of one range function over one range selector in `expr`, outside subqueries, in text order. */
export function rangeAggregates(expr: string): RangeAggregate[] {
  const { tree } = parsePromql(expr);
  const out: RangeAggregate[] = [];
  for (const agg of nodesNamed(tree, AGGREGATE)) {
    if (underSubquery(agg) || containsNode(agg, 'At')) continue;
    const args = argumentsOf(agg);
    if (args.length !== 1) continue; // topk(3, …), quantile(0.9, …): a parameter
    const call = unwrapParens(args[0]);
    const range = call.type.name === 'FunctionCall' ? rangeArgument(expr, call) : null;
    if (!range) continue;
    const o = range.offset;
    const key = o ? expr.slice(agg.from, o.node.from) + textOf(expr, o.selector) + expr.slice(o.node.to, agg.to) : textOf(expr, agg);
    out.push({ from: agg.from, to: agg.to, key, offsetMs: o?.ms ?? 0 });
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
