/**
 * Backtest results for people (per alert, per week, each firing) and for machines (JSON with RFC 3339 times).
 * Formatting only.
 */
import { formatDuration } from '../core/units.js';
import type { AlertFirings, BacktestResult, Firing } from './backtest.js';
import type { Comparison, FiringRef, MovedFiring } from './compare.js';
import type { MutantOutcome } from './mutant-backtest.js';

const WEEK_MS = 7 * 86_400_000;
/** 1970-01-05 was a Monday: weeks start on Monday 00:00 UTC, as ISO weeks do. */
const FIRST_MONDAY_MS = 4 * 86_400_000;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function labelText(labels: Record<string, string>): string {
  const shown = Object.entries(labels).filter(([k]) => k !== 'alertname');
  return shown.length === 0 ? '' : `{${shown.map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

function firingText(f: Firing): string {
  return f.resolvedAt === null ? `${iso(f.firedAt)} → firing at the end` : `${iso(f.firedAt)} → ${iso(f.resolvedAt)} (${formatDuration(f.resolvedAt - f.firedAt)})`;
}

/** The Monday 00:00 UTC that starts the week holding `ms`. */
export function weekStart(ms: number): number {
  return FIRST_MONDAY_MS + Math.floor((ms - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS;
}

function firingMs(f: Firing, endMs: number): number {
  return (f.resolvedAt ?? endMs) - f.firedAt;
}

function perAlert(r: BacktestResult): string[] {
  const byAlert = new Map<string, Firing[]>();
  for (const a of r.alerts) byAlert.set(a.alert, [...(byAlert.get(a.alert) ?? []), ...a.firings]);
  const lines = [...byAlert].map(([alert, firings]) => {
    const total = firings.reduce((n, f) => n + firingMs(f, r.range.toMs), 0);
    return `  ${alert.padEnd(34)} ${String(firings.length).padStart(4)} firing${firings.length === 1 ? ' ' : 's'}  ${formatDuration(total)} firing in all`;
  });
  return lines.length === 0 ? ['  (no alert fired)'] : lines;
}

function perWeek(r: BacktestResult): string[] {
  const weeks = new Map<number, Map<string, number>>();
  for (const a of r.alerts) {
    for (const f of a.firings) {
      const week = weeks.get(weekStart(f.firedAt)) ?? new Map<string, number>();
      week.set(a.alert, (week.get(a.alert) ?? 0) + 1);
      weeks.set(weekStart(f.firedAt), week);
    }
  }
  const out: string[] = [];
  for (let w = weekStart(r.range.fromMs); w <= r.range.toMs; w += WEEK_MS) {
    const counts = weeks.get(w);
    const text = counts ? [...counts].map(([alert, n]) => `${alert} ×${n}`).join(', ') : 'no firing';
    out.push(`  week of ${iso(w)!.slice(0, 10)}  ${text}`);
  }
  return out;
}

function eachFiring(alerts: readonly AlertFirings[]): string[] {
  return alerts.flatMap((a) => a.firings.map((f) => `  ${a.alert}${labelText(a.labels)}  ${firingText(f)}`));
}

/** The text report of one backtest. */
export function formatBacktest(r: BacktestResult, rulesFile: string): string {
  return [
    `backtest of ${rulesFile}: ${iso(r.range.fromMs)} → ${iso(r.range.toMs)}`,
    `  ${r.rules} alert rules, ${r.queries} range queries, ${r.points.toLocaleString('en-US')} points`,
    'per alert:',
    ...perAlert(r),
    'per week (weeks start on Monday, UTC; a firing counts in the week it fired):',
    ...perWeek(r),
    ...(r.alerts.length === 0 ? [] : ['firings:', ...eachFiring(r.alerts)]),
  ].join('\n');
}

function refText(x: FiringRef): string {
  return `  ${x.alert}${labelText(x.labels)}  ${firingText(x.firing)}`;
}

function signed(ms: number): string {
  return ms === 0 ? '±0s' : `${ms > 0 ? '+' : '-'}${formatDuration(Math.abs(ms))}`;
}

/** How far a moved firing's edges went: "fired +1m, resolved -2m" (a firing still open has no resolve to move). */
function shiftText(x: MovedFiring): string {
  const resolved = x.before.resolvedAt === null || x.after.resolvedAt === null ? (x.before.resolvedAt === x.after.resolvedAt ? '±0s' : 'open/closed') : signed(x.after.resolvedAt - x.before.resolvedAt);
  return `fired ${signed(x.after.firedAt - x.before.firedAt)}, resolved ${resolved}`;
}

function movedText(x: MovedFiring): string {
  return `  ${x.alert}${labelText(x.labels)}  ${shiftText(x)}: ${firingText(x.before)}  now  ${firingText(x.after)}`;
}

/** The text of a comparison: what `other` (rules or server) adds, removes and moves against `base`. */
export function formatComparison(c: Comparison, base: string, other: string): string {
  return [
    `${other} against ${base}: ${c.added.length} added, ${c.removed.length} removed, ${c.moved.length} moved, ${c.unchanged} unchanged`,
    ...(c.added.length ? ['added:', ...c.added.map(refText)] : []),
    ...(c.removed.length ? ['removed:', ...c.removed.map(refText)] : []),
    ...(c.moved.length ? ['moved:', ...c.moved.map(movedText)] : []),
  ].join('\n');
}

function firingJson(f: Firing) {
  return { firedAt: iso(f.firedAt), resolvedAt: iso(f.resolvedAt) };
}

function alertsJson(alerts: readonly AlertFirings[]) {
  return alerts.map((a) => ({ alert: a.alert, labels: a.labels, firings: a.firings.map(firingJson) }));
}

/** The other run of a comparison: other rules over the same server (`rules`), or the same rules on another (`url`). */
export interface ComparedRun {
  kind: 'rules' | 'url';
  source: string;
  result: BacktestResult;
  comparison: Comparison;
}

/** The JSON document: `alerts: [{alert, labels, firings: [{firedAt, resolvedAt}]}]`, times in RFC 3339. */
export function backtestJson(r: BacktestResult, rulesFile: string, compare?: ComparedRun, mutants?: readonly MutantOutcome[]): string {
  const doc = {
    rules: rulesFile,
    from: iso(r.range.fromMs),
    to: iso(r.range.toMs),
    alerts: alertsJson(r.alerts),
    ...(compare
      ? {
          compare: {
            [compare.kind]: compare.source,
            alerts: alertsJson(compare.result.alerts),
            added: compare.comparison.added.map((x) => ({ alert: x.alert, labels: x.labels, firing: firingJson(x.firing) })),
            removed: compare.comparison.removed.map((x) => ({ alert: x.alert, labels: x.labels, firing: firingJson(x.firing) })),
            moved: compare.comparison.moved.map((x) => ({ alert: x.alert, labels: x.labels, before: firingJson(x.before), after: firingJson(x.after) })),
          },
        }
      : {}),
    ...(mutants ? { mutants } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
