/**
 * PromQL as Prometheus' own grammar reads it (@prometheus-io/lezer-promql): parsing with located syntax errors,
 * walking the tree, and rewriting an expression by replacing spans of its text. Everything in lunar-sim that reads or
 * rewrites PromQL (lint, mutation testing, time compression) goes through here: no regular expression on PromQL.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';

/** One replacement of `expr.slice(from, to)` by `text`. */
export interface Edit {
  from: number;
  to: number;
  text: string;
}

/** A parsed expression: its text and tree. */
export interface ParsedPromql {
  expr: string;
  tree: Tree;
}

/** Where the first syntax error is, or null when the expression parses. */
export function syntaxErrorAt(tree: Tree): number | null {
  let at: number | null = null;
  tree.iterate({
    enter: (n) => {
      if (at === null && n.type.isError) at = n.from;
      return at === null;
    },
  });
  return at;
}

/** Parses `expr`; throws a RangeError naming the position of the first syntax error. */
export function parsePromql(expr: string): ParsedPromql {
  const tree = parser.parse(expr);
  const at = syntaxErrorAt(tree);
  if (at !== null) {
    const near = expr.slice(Math.max(0, at - 15), at + 15).replace(/\s+/g, ' ');
    throw new RangeError(`PromQL syntax error at character ${at + 1}, near ${JSON.stringify(near)}`);
  }
  return { expr, tree };
}

/** Every node of the tree whose type is one of `names`, in document order. */
export function nodesNamed(tree: Tree, names: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({
    enter: (n) => {
      if (names.has(n.type.name)) out.push(n.node);
    },
  });
  return out;
}

/** The direct children of `node`, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** The text of `node` in `expr`. */
export function textOf(expr: string, node: { from: number; to: number }): string {
  return expr.slice(node.from, node.to);
}

/** `expr` with every edit applied; edits must not overlap. */
export function applyEdits(expr: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.from < at) throw new RangeError(`overlapping PromQL edits at ${e.from}`);
    out += expr.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + expr.slice(at);
}

/** The argument expressions of a function call or an aggregation (its body's children, punctuation left out). */
export function argumentsOf(callOrAggregate: SyntaxNode): SyntaxNode[] {
  const body = childrenOf(callOrAggregate).find((c) => c.type.name === 'FunctionCallBody');
  return body ? childrenOf(body).filter((c) => !['(', ')', ','].includes(c.type.name)) : [];
}

/** The expression inside any number of parentheses around `node`. */
export function unwrapParens(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type.name === 'ParenExpr') {
    const inner = childrenOf(n).find((c) => c.type.name !== '(' && c.type.name !== ')');
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Whether `node` or a node under it is of type `name`. */
export function containsNode(node: SyntaxNode, name: string): boolean {
  let found = false;
  const cursor = node.cursor();
  const end = node.to;
  do {
    if (cursor.from >= end) break;
    if (cursor.type.name === name) found = true;
  } while (!found && cursor.next());
  return found;
}
