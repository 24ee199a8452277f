/**
 * Aggregation mistakes that only show once the API runs as several instances (or reports several models), found on
 * Prometheus' own syntax tree:
 * - a counter function over an aggregation (`rate(sum(x)[10m:])`): the sum drops when one instance restarts or
 *   vanishes, and rate()/increase() read each drop as a counter reset — a rolling deploy becomes a spike;
 * - `histogram_quantile` over buckets that are not summed by `le`: one quantile per instance, not the fleet's;
 * - a ratio of two per-series vectors (`rate(a[5m]) / rate(b[5m])`): each side is matched on all its labels, so the
 *   ratio is per instance, or empty when the label sets differ.
 * The lunar-fleet scenarios show what such a rule does (see docs/scenarios.md); `lunar-sim lint` reports them.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { argumentsOf, childrenOf, containsNode, textOf, unwrapParens } from '../promql/syntax.js';

/** Functions whose argument must be a counter, per series. */
const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);

export interface AggregationFinding {
  message: string;
  /** Offset in the expression. */
  at: number;
}

function functionName(expr: string, call: SyntaxNode): string {
  const id = childrenOf(call).find((c) => c.type.name === 'FunctionIdentifier');
  return id ? textOf(expr, id) : '';
}

/**
 * True when `node` yields one series per input series: a vector selector not under any aggregation. A recorded series
 * (a name with colons: Prometheus reserves them for recording rules, `level:metric:operations`) is what its rule
 * made of the raw ones — aggregated, by the convention the name's level states.
 */
function perSeriesVector(expr: string, node: SyntaxNode): boolean {
  const n = unwrapParens(node);
  switch (n.type.name) {
    case 'VectorSelector':
      return !textOf(expr, n).includes(':');
    case 'AggregateExpr':
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return false;
    case 'FunctionCall':
      return argumentsOf(n).some((a) => perSeriesVector(expr, a));
    case 'MatrixSelector':
    case 'SubqueryExpr':
    case 'OffsetExpr':
      return perSeriesVector(expr, childrenOf(n)[0]);
    case 'BinaryExpr': {
      const sides = childrenOf(n).filter((c) => !isOperator(c));
      return sides.some((side) => perSeriesVector(expr, side));
    }
    default:
      return false;
  }
}

function isOperator(node: SyntaxNode): boolean {
  return node.type.name === 'MatchingModifierClause' || node.type.name === 'BoolModifier' || !node.type.name.match(/Expr$|Selector$|Call$|Literal$/);
}

function keepsLe(expr: string, agg: SyntaxNode): boolean {
  const modifier = childrenOf(agg).find((c) => c.type.name === 'AggregateModifier');
  if (!modifier) return false;
  const labels = childrenOf(childrenOf(modifier).find((c) => c.type.name === 'GroupingLabels') ?? modifier)
    .filter((c) => c.type.name === 'LabelName')
    .map((c) => textOf(expr, c));
  const without = childrenOf(modifier).some((c) => c.type.name === 'Without');
  return without ? !labels.includes('le') : labels.includes('le');
}

/** The aggregation findings of a parsed expression. */
export function aggregationFindings(expr: string, tree: Tree): AggregationFinding[] {
  const findings: AggregationFinding[] = [];
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (node.type.name === 'FunctionCall') {
        const name = functionName(expr, node);
        const args = argumentsOf(node);
        if (COUNTER_FUNCTIONS.has(name)) {
          const sub = args.map(unwrapParens).find((a) => a.type.name === 'SubqueryExpr');
          if (sub && containsNode(childrenOf(sub)[0], 'AggregateExpr')) {
            findings.push({
              at: node.from,
              message: `${name}() of an aggregation: the sum drops whenever one instance restarts or vanishes, and ${name}() reads each drop as a counter reset; take ${name}() per series first, then aggregate (sum(${name}(x[…])))`,
            });
          }
        }
        if (name === 'histogram_quantile' && args.length === 2) {
          const buckets = unwrapParens(args[1]);
          if (buckets.type.name !== 'AggregateExpr') {
            findings.push({
              at: node.from,
              message: 'histogram_quantile over per-series buckets gives one quantile per instance (and model…), not the whole API\'s: aggregate the bucket rates with sum by (le)',
            });
          } else if (!keepsLe(expr, buckets)) {
            findings.push({ at: buckets.from, message: 'histogram_quantile over buckets aggregated without `le`: keep it, e.g. sum by (le) (rate(x_bucket[…]))' });
          }
        }
      }
      if (node.type.name === 'BinaryExpr' && childrenOf(node).some((c) => c.type.name === 'Div')) {
        const sides = childrenOf(node).filter((c) => !isOperator(c));
        if (sides.length === 2 && sides.every((side) => perSeriesVector(expr, side))) {
          findings.push({
            at: node.from,
            message: 'a ratio of per-series vectors: each side is matched on all its labels (instance, model, source…), so the ratio is per instance or empty; sum both sides (by the labels to keep) before dividing',
          });
        }
      }
    },
  });
  return findings;
}
