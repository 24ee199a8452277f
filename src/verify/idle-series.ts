/**
 * Series verify may leave out of the backfill because no rule can tell they are gone: a counter series split by an
 * optional label (`user_id`: one series per user) that never moves over the whole run, when every expression reads
 * that counter only through sums the label cannot change (promql/sum-only-reads.ts). A day with 650 users has
 * ~2,600 such series, of which about half never move: leaving them out halves the samples Prometheus stores and the
 * series every query of the counter scans, and the verdicts are the same to the last bit.
 *
 * The proof needs one more thing from the data: each dropped series must have a kept twin — same labels but the
 * split one — present at exactly the same instants, so that sum() and absent() see the same presence.
 */
import { METRIC_LIST } from '../metrics/catalogue.js';
import type { SampleColumn, SampleLog } from '../metrics/sample-log.js';
import { readsOnlyThroughSums } from '../promql/sum-only-reads.js';

/** Where a column has samples: the snapshot indexes at which it switches between scraped and not (NaN). */
function presenceOf(values: readonly number[]): string {
  const switches: number[] = [];
  let scraped = true;
  for (let i = 0; i < values.length; i++) {
    const now = !Number.isNaN(values[i]);
    if (now !== scraped) {
      switches.push(i);
      scraped = now;
    }
  }
  return switches.join(',');
}

/** True when every sample the column has holds the same value (no increase, no reset). */
function neverMoves(values: readonly number[]): boolean {
  let first: number | undefined;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (first === undefined) first = v;
    else if (v !== first) return false;
  }
  return true;
}

/** The column's labels but `label`, as one key. */
function twinKey(column: SampleColumn, label: string): string {
  return JSON.stringify([column.name, ...Object.entries(column.labels).filter(([k]) => k !== label).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

/** The counter families split by an optional label that `expressions` provably read only through sums. */
function droppableSplits(expressions: readonly string[]): { metric: string; label: string }[] {
  return METRIC_LIST.filter((d) => d.type === 'counter').flatMap((d) =>
    (d.optionalLabelNames ?? []).filter((label) => readsOnlyThroughSums(expressions, d.name, label)).map((label) => ({ metric: d.name, label })),
  );
}

/**
 * `log` without the idle split series `expressions` cannot tell apart from absent ones (a view: values shared), and
 * how many columns were left out.
 */
export function withoutIdleSeries(log: SampleLog, expressions: readonly string[]): { log: SampleLog; dropped: number } {
  const optional = new Set(METRIC_LIST.flatMap((d) => d.optionalLabelNames ?? []));
  // Most runs have no split series: nothing to prove.
  if (!log.columns.some((c) => Object.keys(c.labels).some((l) => optional.has(l)))) return { log, dropped: 0 };
  const splits = droppableSplits(expressions);
  if (splits.length === 0) return { log, dropped: 0 };
  const drop = new Set<SampleColumn>();
  for (const { metric, label } of splits) {
    const split = log.columns.filter((c) => c.name === metric && c.labels[label] !== undefined);
    // Per twin group, the presence patterns of the columns kept: a dropped column needs one identical to its own.
    const keptPresence = new Map<string, Set<string>>();
    const idle: SampleColumn[] = [];
    const presenceKept = (c: SampleColumn): Set<string> => {
      const key = twinKey(c, label);
      const kept = keptPresence.get(key) ?? new Set<string>();
      keptPresence.set(key, kept);
      return kept;
    };
    for (const c of split) {
      if (neverMoves(c.values)) idle.push(c);
      else presenceKept(c).add(presenceOf(c.values));
    }
    for (const c of idle) {
      const kept = presenceKept(c);
      const presence = presenceOf(c.values);
      if (kept.has(presence)) drop.add(c);
      else kept.add(presence);
    }
  }
  return { log: log.withoutColumns(drop), dropped: drop.size };
}
