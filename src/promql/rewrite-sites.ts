/**
 * The places of an expression that mutation testing rewrites beyond numbers and durations — label matchers,
 * aggregations with their `by`/`without` clause, and the quantile of `histogram_quantile` — located on Prometheus'
 * own syntax tree with the spans an edit needs.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from './binary-operators.js';
import { unquote, type MatchOp } from './selectors.js';
import { childrenOf, nodesNamed, parsePromql, textOf } from './syntax.js';

export interface MatcherSite extends Span {
  /** The selector's metric name (null for a selector by labels only). */
  metric: string | null;
  label: string;
  op: MatchOp;
  value: string;
  /** From the operator to the end of the value: what a new `op"value"` replaces. */
  opValue: Span;
  /** What to delete to drop the matcher (its comma included), or null when it is all a nameless selector has. */
  drop: Span | null;
}

export interface AggregationSite extends Span {
  /** `sum`, `max`, `min`, `avg`, `count`, `topk`… */
  op: string;
  opSpan: Span;
  /** The `by`/`without` clause, or null when there is none. */
  modifier: { kind: 'by' | 'without'; span: Span; labels: (Span & { name: string })[]; listSpan: Span } | null;
}

export interface QuantileSite extends Span {
  value: number;
  text: string;
}

const MATCHERS = new Set(['UnquotedLabelMatcher', 'QuotedLabelMatcher']);

function matcherSites(expr: string, selector: SyntaxNode): MatcherSite[] {
  const kids = childrenOf(selector);
  const identifier = kids.find((k) => k.type.name === 'Identifier');
  const list = kids.find((k) => k.type.name === 'LabelMatchers');
  if (!list) return [];
  const matchers = childrenOf(list).filter((k) => MATCHERS.has(k.type.name));
  return matchers.flatMap((m, i) => {
    const parts = childrenOf(m);
    const label = parts.find((k) => k.type.name === 'LabelName' || k.type.name === 'QuotedLabelName');
    const op = parts.find((k) => k.type.name === 'MatchOp');
    const value = parts.find((k) => k.type.name === 'StringLiteral');
    if (!label || !op || !value) return [];
    const name = label.type.name === 'QuotedLabelName' ? unquote(textOf(expr, label)) : textOf(expr, label);
    if (name === '__name__') return [];
    const next = matchers[i + 1];
    const previous = matchers[i - 1];
    let drop: Span | null = null;
    if (next) drop = { from: m.from, to: next.from };
    else if (previous) drop = { from: previous.to, to: m.to };
    else if (identifier) drop = { from: list.from, to: list.to };
    return [{
      from: m.from,
      to: m.to,
      metric: identifier ? textOf(expr, identifier) : null,
      label: name,
      op: textOf(expr, op) as MatchOp,
      value: unquote(textOf(expr, value)),
      opValue: { from: op.from, to: value.to },
      drop,
    }];
  });
}

/** Every label matcher of every selector of `expr` but `__name__`, in document order. */
export function labelMatcherSites(expr: string): MatcherSite[] {
  const { tree } = parsePromql(expr);
  return nodesNamed(tree, new Set(['VectorSelector'])).flatMap((s) => matcherSites(expr, s));
}

/** Every aggregation of `expr`, in document order. */
export function aggregationSites(expr: string): AggregationSite[] {
  const { tree } = parsePromql(expr);
  return nodesNamed(tree, new Set(['AggregateExpr'])).map((node) => {
    const kids = childrenOf(node);
    const op = kids.find((k) => k.type.name === 'AggregateOp')!;
    const mod = kids.find((k) => k.type.name === 'AggregateModifier');
    let modifier: AggregationSite['modifier'] = null;
    if (mod) {
      const parts = childrenOf(mod);
      const list = parts.find((k) => k.type.name === 'GroupingLabels')!;
      const labels = childrenOf(list)
        .filter((k) => k.type.name === 'LabelName' || k.type.name === 'QuotedLabelName')
        .map((k) => ({ from: k.from, to: k.to, name: k.type.name === 'QuotedLabelName' ? unquote(textOf(expr, k)) : textOf(expr, k) }));
      const kind = parts.some((k) => k.type.name === 'Without') ? 'without' : 'by';
      modifier = { kind, span: { from: mod.from, to: mod.to }, labels, listSpan: { from: list.from, to: list.to } };
    }
    return { from: node.from, to: node.to, op: textOf(expr, op), opSpan: { from: op.from, to: op.to }, modifier };
  });
}

/** The quantile literal of every `histogram_quantile(φ, …)` of `expr` (not a computed φ). */
export function quantileSites(expr: string): QuantileSite[] {
  const { tree } = parsePromql(expr);
  return nodesNamed(tree, new Set(['FunctionCall'])).flatMap((call) => {
    const kids = childrenOf(call);
    const fn = kids.find((k) => k.type.name === 'FunctionIdentifier');
    if (!fn || textOf(expr, fn) !== 'histogram_quantile') return [];
    const body = kids.find((k) => k.type.name === 'FunctionCallBody');
    const first = body && childrenOf(body)[0];
    if (!first || first.type.name !== 'NumberDurationLiteral') return [];
    const text = textOf(expr, first);
    const value = Number(text);
    return Number.isFinite(value) ? [{ from: first.from, to: first.to, value, text }] : [];
  });
}
