/**
 * Whether some expressions read a metric only through sums that a given label cannot change: each of its selectors
 * either sits in `sum [by (…)] (rate|increase(selector[range] [offset …]))` with the label not among the `by`
 * labels, or is the argument of `absent(…)` — and never matches on the label itself.
 *
 * Read from Prometheus' own syntax tree. It is what makes a series that never moves droppable: its rate() and
 * increase() are exactly 0 at every evaluation where it has two samples, so it adds exactly 0 to the sum (IEEE
 * addition of +0 changes nothing, Kahan compensation included), and absent() sees the same presence as long as a
 * series with the same labels but the dropped label, present at the same instants, stays. Anything else — `without`,
 * `count`, `max`, a comparison or a join on the raw series, a subquery, a metric-less selector — is not proven and
 * answers false.
 */
import type { SyntaxNode } from '@lezer/common';
import { argumentsOf, childrenOf, nodesNamed, parsePromql, textOf } from './syntax.js';
import { selectors } from './selectors.js';

const COUNTER_DELTAS = new Set(['rate', 'increase']);

function functionName(expr: string, call: SyntaxNode): string {
  const id = childrenOf(call).find((c) => c.type.name === 'FunctionIdentifier');
  return id ? textOf(expr, id) : '';
}

function upThroughParens(node: SyntaxNode | null): SyntaxNode | null {
  let n = node;
  while (n && n.type.name === 'ParenExpr') n = n.parent;
  return n;
}

/** The single argument's body of `call` holds only `arg` (rate/increase/absent take one). */
function onlyArgument(call: SyntaxNode, arg: SyntaxNode): boolean {
  const args = argumentsOf(call);
  return args.length === 1 && args[0].from === arg.from && args[0].to === arg.to;
}

/** `agg` is `sum` or `sum by (…)` whose labels leave `label` out. */
function sumWithout(expr: string, agg: SyntaxNode, label: string): boolean {
  const op = childrenOf(agg).find((c) => c.type.name === 'AggregateOp');
  if (!op || textOf(expr, op) !== 'sum') return false;
  const modifier = childrenOf(agg).find((c) => c.type.name === 'AggregateModifier');
  if (!modifier) return true;
  if (!childrenOf(modifier).some((c) => c.type.name === 'By')) return false;
  const grouping = childrenOf(modifier).find((c) => c.type.name === 'GroupingLabels');
  const labels = grouping ? childrenOf(grouping).map((c) => textOf(expr, c).replace(/^"|"$/g, '')) : [];
  return !labels.includes(label);
}

/** How the selector at `selector` is read: true when through a proven sum or absent(). */
function readThroughSum(expr: string, selector: SyntaxNode, label: string): boolean {
  const parent = selector.parent;
  if (!parent) return false;
  // absent(x{…}): present or not, as long as a series with the same other labels stays.
  if (parent.type.name === 'FunctionCallBody') {
    const call = parent.parent;
    return call?.type.name === 'FunctionCall' && functionName(expr, call) === 'absent' && onlyArgument(call, selector);
  }
  if (parent.type.name !== 'MatrixSelector') return false;
  let ranged: SyntaxNode = parent;
  if (ranged.parent?.type.name === 'OffsetExpr') ranged = ranged.parent;
  const body = ranged.parent;
  const call = body?.parent;
  if (body?.type.name !== 'FunctionCallBody' || call?.type.name !== 'FunctionCall') return false;
  if (!COUNTER_DELTAS.has(functionName(expr, call)) || !onlyArgument(call, ranged)) return false;
  const aggBody = upThroughParens(call.parent);
  const agg = aggBody?.parent;
  return aggBody?.type.name === 'FunctionCallBody' && agg?.type.name === 'AggregateExpr' && sumWithout(expr, agg, label);
}

/**
 * True when every expression reads `metric` only through sums that `label` cannot change (see the module comment),
 * so a series of `metric` that never moves may be left out without changing any of their results.
 */
export function readsOnlyThroughSums(expressions: readonly string[], metric: string, label: string): boolean {
  return expressions.every((expr) => {
    const found = selectors(expr);
    if (found.some((s) => s.name === null)) return false;
    const mine = found.filter((s) => s.name === metric);
    if (mine.some((s) => s.matchers.some((m) => m.label === label))) return false;
    if (mine.length === 0) return true;
    const { tree } = parsePromql(expr);
    const nodes = nodesNamed(tree, new Set(['VectorSelector']));
    return mine.every((s) => {
      const node = nodes.find((n) => n.from === s.from && n.to === s.to);
      return node !== undefined && readThroughSum(expr, node, label);
    });
  });
}
