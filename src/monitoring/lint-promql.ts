/**
 * Checks one PromQL expression against the metric catalogue, with Prometheus' own PromQL grammar
 * (@prometheus-io/lezer-promql): parse errors, metrics lunar-sim does not export (a `_bucket` of a counter
 * included), labels a metric does not carry, label values the catalogue rules out, grouping labels that none
 * of the aggregated metrics carry, and aggregation mistakes across instances (lint-aggregation.ts).
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { METRIC_LIST, type MetricDef } from '../metrics/catalogue.js';
import { didYouMean } from '../core/spelling.js';
import { childrenOf, syntaxErrorAt } from '../promql/syntax.js';
import { INSTANCE, POD } from '../metrics/catalogue.js';
import { aggregationFindings } from './lint-aggregation.js';

/** Labels Prometheus attaches to every scraped series (`pod` by a fleet's pods and Kubernetes discovery). */
const TARGET_LABELS = ['job', INSTANCE, POD];

export interface ExportedSeries {
  def: MetricDef;
  labels: string[];
}

/** Every sample name the catalogue exports, with the labels it carries. */
export function exportedSeries(defs: readonly MetricDef[] = METRIC_LIST): Map<string, ExportedSeries> {
  const out = new Map<string, ExportedSeries>();
  for (const def of defs) {
    const labels = [...def.labelNames, ...(def.optionalLabelNames ?? []), ...TARGET_LABELS];
    if (def.type === 'histogram') {
      out.set(`${def.name}_bucket`, { def, labels: [...labels, 'le'] });
      out.set(`${def.name}_sum`, { def, labels });
      out.set(`${def.name}_count`, { def, labels });
    } else {
      out.set(def.name, { def, labels });
    }
  }
  return out;
}

/** The text of a string literal node, unquoted (PromQL strings: "…", '…' or `…`). */
function unquote(text: string): string {
  const inner = text.slice(1, -1);
  return text.startsWith('`') ? inner : inner.replace(/\\(.)/g, '$1');
}

/** Grafana's variables: intervals become a duration, other variables are left for the value check to skip. */
export function substituteVariables(expr: string): string {
  return expr.replace(/\$\{?(__rate_interval|__interval|interval|__range)\}?/g, '5m');
}

export interface PromqlFinding {
  message: string;
  /** Offset in the (substituted) expression. */
  at: number;
}

function children(node: SyntaxNode, name: string): SyntaxNode[] {
  return childrenOf(node).filter((c) => c.type.name === name);
}

function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  do {
    if (cursor.type.name === name) out.push(cursor.node);
  } while (cursor.next() && cursor.from < node.to);
  return out.filter((n) => n.from >= node.from && n.to <= node.to);
}

function checkSelector(expr: string, sel: SyntaxNode, series: Map<string, ExportedSeries>, findings: PromqlFinding[]): ExportedSeries | null {
  const text = (n: SyntaxNode): string => expr.slice(n.from, n.to);
  const matchers = children(sel, 'LabelMatchers').flatMap((m) => [...children(m, 'UnquotedLabelMatcher'), ...children(m, 'QuotedLabelMatcher')]);
  let name = children(sel, 'Identifier').map(text)[0];
  if (!name) {
    const byName = matchers.find((m) => children(m, 'LabelName').map(text)[0] === '__name__');
    const literal = byName && children(byName, 'StringLiteral')[0];
    if (literal) name = unquote(text(literal));
  }
  if (!name) return null;
  const exported = series.get(name);
  if (!exported) {
    findings.push({ at: sel.from, message: `unknown metric ${name}: lunar-sim does not export it${didYouMean(name, series.keys())}` });
    return null;
  }
  for (const m of matchers) {
    const label = children(m, 'LabelName').map(text)[0];
    if (!label || label === '__name__') continue;
    if (!exported.labels.includes(label)) {
      findings.push({ at: m.from, message: `${name} has no label "${label}" (its labels: ${exported.labels.join(', ')})${didYouMean(label, exported.labels)}` });
      continue;
    }
    const op = children(m, 'MatchOp').map(text)[0];
    const literal = children(m, 'StringLiteral')[0];
    const domain = exported.def.labelValues?.[label];
    if (!domain || !literal || (op !== '=' && op !== '=~')) continue;
    const value = unquote(text(literal));
    if (value.includes('$')) continue;
    let ok: boolean;
    try {
      ok = op === '=' ? domain.includes(value) : domain.some((d) => new RegExp(`^(?:${value})$`).test(d));
    } catch {
      findings.push({ at: literal.from, message: `invalid regular expression ${JSON.stringify(value)}` });
      continue;
    }
    if (!ok) findings.push({ at: literal.from, message: `${label}="${value}" never occurs on ${name} (values: ${domain.join(', ')})` });
  }
  return exported;
}

/** Findings for one expression; empty when it is clean. */
export function lintPromql(rawExpr: string, series: Map<string, ExportedSeries> = exportedSeries()): PromqlFinding[] {
  const expr = substituteVariables(rawExpr);
  const tree = parser.parse(expr);
  const findings: PromqlFinding[] = [];
  const at = syntaxErrorAt(tree);
  if (at !== null) {
    const near = expr.slice(Math.max(0, at - 15), at + 15).replace(/\s+/g, ' ');
    return [{ at, message: `PromQL syntax error at character ${at + 1}, near ${JSON.stringify(near)}` }];
  }
  const top = tree.topNode;
  const known = new Map<SyntaxNode, ExportedSeries | null>();
  for (const sel of descendants(top, 'VectorSelector')) known.set(sel, checkSelector(expr, sel, series, findings));
  for (const agg of descendants(top, 'AggregateExpr')) {
    const inner = [...known].filter(([sel]) => sel.from >= agg.from && sel.to <= agg.to).map(([, s]) => s);
    if (inner.length === 0 || inner.some((s) => s === null)) continue;
    const carried = new Set(inner.flatMap((s) => s!.labels));
    for (const modifier of children(agg, 'AggregateModifier')) {
      for (const l of descendants(modifier, 'LabelName')) {
        const label = expr.slice(l.from, l.to);
        if (!carried.has(label)) findings.push({ at: l.from, message: `grouping by "${label}", a label none of the aggregated metrics carry` });
      }
    }
  }
  findings.push(...aggregationFindings(expr, tree));
  return findings;
}
