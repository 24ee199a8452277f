/**
 * How much history a demo backfills by default: enough for the dashboard's longest window (its `[24h]` panels), and
 * at least the scenario's warm-up — so that the 24 h panels are full from the first second instead of climbing while
 * the demo runs. Windows are read from the panel queries themselves (variables resolved), at speed 1: the history is
 * simulated time, whatever the speed compresses it to on the real axis.
 */
import { specOf, type LoadedDashboard } from '../dashboard-check/index.js';
import { durationSites } from '../promql/durations.js';

/** A day: the history when the dashboard's windows cannot be read (and the shipped dashboard's longest). */
export const DAY_MS = 24 * 3_600_000;

/** The longest span one panel query reads back from its evaluation time: its widest range plus its largest offset. */
export function longestWindowMs(queries: readonly string[]): number {
  let longest = 0;
  for (const q of queries) {
    let sites;
    try {
      sites = durationSites(q);
    } catch {
      continue; // a query PromQL cannot parse reads nothing; lint and verify say why
    }
    const widest = Math.max(0, ...sites.filter((s) => s.kind !== 'offset' && s.kind !== 'subquery-step').map((s) => s.ms));
    const offset = Math.max(0, ...sites.filter((s) => s.kind === 'offset').map((s) => s.ms));
    longest = Math.max(longest, widest + offset);
  }
  return longest;
}

/** The default history: the larger of the scenario's warm-up and the dashboard's longest window, at most `maxMs`. */
export function defaultHistoryMs(warmupMs: number, dashboard: LoadedDashboard | null, stepMs: number, maxMs: number): number {
  const queries = dashboard ? specOf(dashboard, stepMs).panels.flatMap((p) => p.targets.map((t) => t.query)) : [];
  const window = queries.length > 0 ? longestWindowMs(queries) : DAY_MS;
  return Math.min(maxMs, Math.max(warmupMs, window));
}
