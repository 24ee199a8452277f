/**
 * The binary operations of an expression that decide when an alert is true: comparisons (with the threshold they
 * compare against) and the set operators `and`/`unless`/`or` that add guards or alternatives — located on the syntax
 * tree for mutation testing and lint.
 */
import type { SyntaxNode } from '@lezer/common';
import { childrenOf, nodesNamed, parsePromql, textOf } from './syntax.js';

const COMPARISON_OPS = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);
const SET_OPS = new Set(['And', 'Unless', 'Or']);
const OPERANDS_SKIPPED = new Set(['BoolModifier', 'MatchingModifierClause']);
const NUMBER = 'NumberDurationLiteral';

export interface Span {
  from: number;
  to: number;
}

/** A numeric literal the comparison's outcome turns on. */
export interface Threshold extends Span {
  value: number;
  text: string;
  /** `factor`: the literal multiplies the compared expression (`a > 3 * b`); `bound`: it is compared directly. */
  role: 'bound' | 'factor';
}

export interface Comparison extends Span {
  /** `>`, `<`, `>=`, `<=`, `==` or `!=`. */
  op: string;
  opSpan: Span;
  threshold: Threshold | null;
}

export interface SetOperation extends Span {
  op: 'and' | 'unless' | 'or';
  lhs: Span;
  rhs: Span;
}

function operands(node: SyntaxNode): { lhs: SyntaxNode; op: SyntaxNode; rhs: SyntaxNode } | null {
  const kids = childrenOf(node).filter((k) => !OPERANDS_SKIPPED.has(k.type.name));
  return kids.length === 3 ? { lhs: kids[0], op: kids[1], rhs: kids[2] } : null;
}

function literal(expr: string, node: SyntaxNode, role: Threshold['role']): Threshold | null {
  if (node.type.name !== NUMBER) return null;
  const text = textOf(expr, node);
  const value = Number(text);
  return Number.isFinite(value) ? { from: node.from, to: node.to, value, text, role } : null;
}

/** The literal factor of `3 * x` or `x * 3`, unwrapping parentheses. */
function factor(expr: string, node: SyntaxNode): Threshold | null {
  let n: SyntaxNode = node;
  while (n.type.name === 'ParenExpr' && n.firstChild) n = n.firstChild;
  if (n.type.name !== 'BinaryExpr') return null;
  const o = operands(n);
  if (!o || o.op.type.name !== 'Mul') return null;
  return literal(expr, o.lhs, 'factor') ?? literal(expr, o.rhs, 'factor');
}

/** Every comparison of `expr`, in document order, with its threshold when one side is a literal or a literal factor. */
export function comparisons(expr: string): Comparison[] {
  const { tree } = parsePromql(expr);
  const out: Comparison[] = [];
  for (const node of nodesNamed(tree, new Set(['BinaryExpr']))) {
    const o = operands(node);
    if (!o || !COMPARISON_OPS.has(o.op.type.name)) continue;
    const threshold =
      literal(expr, o.rhs, 'bound') ?? literal(expr, o.lhs, 'bound') ?? factor(expr, o.rhs) ?? factor(expr, o.lhs);
    out.push({ from: node.from, to: node.to, op: textOf(expr, o.op), opSpan: { from: o.op.from, to: o.op.to }, threshold });
  }
  return out;
}

/** Every `and` / `unless` / `or` of `expr`, in document order, with its two operands. */
export function setOperations(expr: string): SetOperation[] {
  const { tree } = parsePromql(expr);
  const out: SetOperation[] = [];
  for (const node of nodesNamed(tree, new Set(['BinaryExpr']))) {
    const o = operands(node);
    if (!o || !SET_OPS.has(o.op.type.name)) continue;
    out.push({
      from: node.from,
      to: node.to,
      op: textOf(expr, o.op).toLowerCase() as SetOperation['op'],
      lhs: { from: o.lhs.from, to: o.lhs.to },
      rhs: { from: o.rhs.from, to: o.rhs.to },
    });
  }
  return out;
}
