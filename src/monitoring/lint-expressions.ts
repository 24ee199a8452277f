/**
 * Lints expressions read from a rules file or a dashboard (lint-files.ts) against the metric catalogue. Apart from
 * the file reading, so that reading a rules file does not load the PromQL parser (validate's start-up).
 */
import type { NamedExpr } from './lint-files.js';
import { exportedSeries, lintPromql, type ExportedSeries } from './lint-promql.js';

export interface LintFinding {
  file: string;
  /** `alert LunarX`, `panel "Title" (query A)`. */
  where: string;
  message: string;
}

/** Findings for a list of expressions from `file`; `recorded`: series recording rules write, known besides the catalogue's. */
export function lintExpressions(file: string, exprs: readonly NamedExpr[], recorded: ReadonlyMap<string, ExportedSeries> = new Map()): LintFinding[] {
  const series = new Map([...exportedSeries(), ...recorded]);
  return exprs.flatMap(({ where, expr }) => lintPromql(expr, series).map((f) => ({ file, where, message: f.message })));
}
