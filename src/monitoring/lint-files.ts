/**
 * Lints a rules file and a Grafana dashboard against the metric catalogue: every alert or recording expression and
 * every panel query, each finding named by its alert or panel. Works on anyone's copy of the files.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';
import { openFailure } from '../files/bounded-read.js';
// Types only: reading a rules file (verify, validate) must not load the PromQL parser; lint-expressions.ts does.
import type { ExportedSeries } from './lint-promql.js';

export interface NamedExpr {
  where: string;
  expr: string;
}

/**
 * A file's text; a UsageError (exit 2) naming it when it cannot be read, the same one line wherever a rules file or
 * a dashboard is read (`cannot read F: no such file (ENOENT)`).
 */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${openFailure(file, e)}`);
  }
}

interface RawRule {
  alert?: string;
  record?: string;
  expr?: unknown;
  labels?: Record<string, string>;
}

function rulesOf(file: string): RawRule[] {
  let doc: { groups?: { name?: string; rules?: RawRule[] }[] };
  const text = readText(file);
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new UsageError(`${file} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return (doc.groups ?? []).flatMap((g) => g.rules ?? []);
}

/** The expressions of a Prometheus rules file. */
export function ruleExpressions(file: string): NamedExpr[] {
  return rulesOf(file).map((r) => ({ where: r.alert ? `alert ${r.alert}` : `record ${r.record ?? '?'}`, expr: String(r.expr ?? '') }));
}

/**
 * The series the recording rules of a rules file write, as known metrics: their labels are the rule's own and any
 * label name their expression mentions (what a `by`, a matcher or a label_replace can carry through) — a check on
 * the name and on labels nothing could give them, not a type system.
 */
export function recordedSeries(file: string): Map<string, ExportedSeries> {
  const out = new Map<string, ExportedSeries>();
  for (const r of rulesOf(file)) {
    if (!r.record) continue;
    const expr = String(r.expr ?? '');
    const mentioned = [...expr.matchAll(/[a-zA-Z_][a-zA-Z0-9_]*/g)].map((m) => m[0]);
    const labels = [...new Set([...Object.keys(r.labels ?? {}), ...mentioned])];
    out.set(r.record, { def: { name: r.record, help: '', type: 'gauge', labelNames: labels }, labels });
  }
  return out;
}

interface PanelJson {
  title?: string;
  targets?: { expr?: string; refId?: string }[];
  panels?: PanelJson[];
}

/** The queries of a Grafana dashboard JSON (panels inside collapsed rows included). */
export function dashboardExpressions(file: string): NamedExpr[] {
  let doc: { panels?: PanelJson[]; dashboard?: { panels?: PanelJson[] } };
  const text = readText(file);
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
  const panels = doc.panels ?? doc.dashboard?.panels ?? [];
  const out: NamedExpr[] = [];
  const visit = (p: PanelJson): void => {
    for (const t of p.targets ?? []) {
      if (t.expr) out.push({ where: `panel "${p.title ?? '?'}" (query ${t.refId ?? '?'})`, expr: t.expr });
    }
    (p.panels ?? []).forEach(visit);
  };
  panels.forEach(visit);
  return out;
}
