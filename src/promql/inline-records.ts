/**
 * Recording rules read without storing them: every selector of a record in an expression is replaced by the record's
 * own expression, so that a Prometheus holding only the raw series (production, read-only) answers what it would
 * answer had its rule manager stored the records. Why this is the same value:
 * - a record evaluated at time t stores at t the value its expression has at t; a reader evaluated at the same t
 *   (same interval, records first, as verify and one rule manager per group do) reads that sample: `(expr)`;
 * - a record whose expression is empty at t has a stale marker there (verify/recorded-series.ts): `(expr)` is empty;
 * - over a range, `rec[1h]` holds the samples stored at each evaluation of the record's group in the last hour: the
 *   subquery `(expr)[1h:interval]`, whose steps Prometheus aligns on multiples of the interval, as evaluations are;
 * - the rule's `labels:` are set on each result series (label_replace), as the rule manager sets them.
 * What cannot be inlined is refused with a clear message, never guessed: a record selected with label matchers,
 * or read with `offset`/`@` without a range (a stale marker would have to be emulated).
 * The syntax is read with lezer-promql (src/promql/syntax.ts), as everything that rewrites PromQL here.
 */
import type { SyntaxNode } from '@lezer/common';
import { UsageError } from '../errors.js';
import { promDuration } from './durations.js';
import { applyEdits, childrenOf, nodesNamed, parsePromql, textOf, type Edit } from './syntax.js';

/** What inlining needs of a recording rule. */
export interface InlinableRecord {
  record: string;
  expr: string;
  labels: Record<string, string>;
  intervalMs: number;
}

/** Longest inlined expression: nested records grow as the product of their uses; Prometheus parses a few hundred kB fine. */
const MAX_INLINED_CHARS = 200_000;

function quoted(text: string): string {
  return JSON.stringify(text);
}

/** `(expr)` with the rule's labels set on each series, as the rule manager sets them. */
function withRuleLabels(expr: string, labels: Record<string, string>): string {
  let out = `(${expr})`;
  for (const [name, value] of Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))) {
    out = `label_replace(${out}, ${quoted(name)}, ${quoted(value)}, "", "")`;
  }
  return out;
}

function selectorName(expr: string, selector: SyntaxNode): string | null {
  const id = childrenOf(selector).find((k) => k.type.name === 'Identifier');
  return id ? textOf(expr, id) : null;
}

function hasMatchers(selector: SyntaxNode): boolean {
  const matchers = childrenOf(selector).find((k) => k.type.name === 'LabelMatchers');
  return matchers !== undefined && childrenOf(matchers).some((k) => k.type.name.endsWith('LabelMatcher'));
}

/** The edit that replaces one selector of `name` (or its range selector) by the record's inlined expression. */
function editFor(expr: string, selector: SyntaxNode, name: string, inlined: string, intervalMs: number): Edit {
  if (hasMatchers(selector)) {
    throw new UsageError(`${name}{…}: backtest cannot inline a record selected with label matchers; select it without matchers, or filter after it`);
  }
  const parent = selector.parent;
  if (parent?.type.name === 'MatrixSelector') {
    const range = childrenOf(parent).find((k) => k.type.name === 'DurationExpr');
    return { from: parent.from, to: parent.to, text: `${inlined}[${range ? textOf(expr, range) : ''}:${promDuration(intervalMs)}]` };
  }
  if (parent?.type.name === 'OffsetExpr' || parent?.type.name === 'StepInvariantExpr') {
    throw new UsageError(`${name} read with offset or @ without a range: backtest cannot inline it; read it as last_over_time(${name}[1m] offset …)`);
  }
  return { from: selector.from, to: selector.to, text: inlined };
}

/**
 * `expr` with every record of `records` it reads (directly, or through other records) replaced by the record's
 * expression. A record name defined by several rules becomes the union (`or`) of their series.
 */
export function inlineRecords(expr: string, records: readonly InlinableRecord[]): string {
  const byName = new Map<string, InlinableRecord[]>();
  for (const r of records) byName.set(r.record, [...(byName.get(r.record) ?? []), r]);
  const done = new Map<string, string>();
  const resolving = new Set<string>();

  const inlinedRecord = (name: string): string => {
    const known = done.get(name);
    if (known !== undefined) return known;
    if (resolving.has(name)) throw new UsageError(`recording rule ${name} reads itself (through other records): it cannot be inlined`);
    resolving.add(name);
    const parts = byName.get(name)!.map((r) => withRuleLabels(rewrite(r.expr), r.labels));
    resolving.delete(name);
    const text = parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
    done.set(name, text);
    return text;
  };

  const rewrite = (text: string): string => {
    const { tree } = parsePromql(text);
    const edits: Edit[] = [];
    for (const selector of nodesNamed(tree, new Set(['VectorSelector']))) {
      const name = selectorName(text, selector);
      if (name === null || !byName.has(name)) continue;
      const interval = byName.get(name)![0].intervalMs;
      edits.push(editFor(text, selector, name, inlinedRecord(name), interval));
    }
    const out = applyEdits(text, edits);
    if (out.length > MAX_INLINED_CHARS) {
      throw new UsageError(`inlining the recording rules makes an expression of ${out.length} characters (limit ${MAX_INLINED_CHARS}): too deeply nested records`);
    }
    return out;
  };

  return rewrite(expr);
}
