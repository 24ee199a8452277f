/**
 * Lints a rules file and a Grafana dashboard against the metric catalogue: every alert or recording expression and
 * every panel query, each finding named by its alert or panel. Works on anyone's copy of the files.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';
import { openFailure } from '../files/bounded-read.js';
import { exportedSeries, lintPromql } from './lint-promql.js';

export interface LintFinding {
  file: string;
  /** `alert LunarX`, `panel "Title" (query A)`. */
  where: string;
  message: string;
}

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

/** The expressions of a Prometheus rules file. */
export function ruleExpressions(file: string): NamedExpr[] {
  let doc: { groups?: { name?: string; rules?: { alert?: string; record?: string; expr?: unknown }[] }[] };
  const text = readText(file);
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new UsageError(`${file} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return (doc.groups ?? []).flatMap((g) =>
    (g.rules ?? []).map((r) => ({ where: r.alert ? `alert ${r.alert}` : `record ${r.record ?? '?'}`, expr: String(r.expr ?? '') })),
  );
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

/** Findings for a list of expressions from `file`. */
export function lintExpressions(file: string, exprs: readonly NamedExpr[]): LintFinding[] {
  const series = exportedSeries();
  return exprs.flatMap(({ where, expr }) => lintPromql(expr, series).map((f) => ({ file, where, message: f.message })));
}
