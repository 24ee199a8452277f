/**
 * The series selectors of an expression — metric name and label matchers — read from the syntax tree, so a caller
 * can tell which series an expression can ever see.
 */
import { childrenOf, nodesNamed, parsePromql, textOf } from './syntax.js';
import type { SyntaxNode } from '@lezer/common';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  op: MatchOp;
  value: string;
}

export interface Selector {
  /** The metric name, or null for a selector by labels only (`{job="x"}`) or by a `__name__` regex. */
  name: string | null;
  /** Matchers other than an exact `__name__`. */
  matchers: LabelMatcher[];
  from: number;
  to: number;
}

/** The text of a PromQL string literal, unquoted ("…", '…' or `…`). */
export function unquote(text: string): string {
  const inner = text.slice(1, -1);
  return text.startsWith('`') ? inner : inner.replace(/\\(.)/g, '$1');
}

function matcherOf(expr: string, node: SyntaxNode): LabelMatcher | null {
  const kids = childrenOf(node);
  const label = kids.find((k) => k.type.name === 'LabelName' || k.type.name === 'QuotedLabelName');
  const op = kids.find((k) => k.type.name === 'MatchOp');
  const value = kids.find((k) => k.type.name === 'StringLiteral');
  if (!label || !op || !value) return null;
  const name = label.type.name === 'QuotedLabelName' ? unquote(textOf(expr, label)) : textOf(expr, label);
  return { label: name, op: textOf(expr, op) as MatchOp, value: unquote(textOf(expr, value)) };
}

/** Every vector selector of `expr` (inside range selectors and subqueries too), in document order. */
export function selectors(expr: string): Selector[] {
  const { tree } = parsePromql(expr);
  return nodesNamed(tree, new Set(['VectorSelector'])).map((sel) => {
    const identifier = childrenOf(sel).find((k) => k.type.name === 'Identifier');
    const matchers = nodesNamed(tree, new Set(['UnquotedLabelMatcher', 'QuotedLabelMatcher']))
      .filter((m) => m.from >= sel.from && m.to <= sel.to)
      .map((m) => matcherOf(expr, m))
      .filter((m): m is LabelMatcher => m !== null);
    let name = identifier ? textOf(expr, identifier) : null;
    const byName = matchers.find((m) => m.label === '__name__' && m.op === '=');
    if (!name && byName) name = byName.value;
    return { name, matchers: matchers.filter((m) => m !== byName), from: sel.from, to: sel.to };
  });
}
