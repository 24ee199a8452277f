/** A seed sweep for people: per expectation, the pass rate and the spread of its timings. */
import { formatDuration } from '../core/units.js';
import type { ExpectationSweep, Spread } from './seed-sweep.js';

function time(ms: number): string {
  return ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms);
}

function spreadText(s: Spread | null): string {
  return s ? `${time(s.min)}…${time(s.max)} (p50 ${time(s.p50)})` : '–';
}

function ttdText(s: Spread | null): string {
  return s ? `${time(s.p50)} / ${time(s.p95)} / ${time(s.max)}` : '–';
}

/** Rows for expected and allowed alerts, and for any alert that failed under some seed; the rest counted. */
export function formatSweepTable(sweeps: readonly ExpectationSweep[]): string {
  const rows: string[][] = [['scenario', 'alert', 'expected', 'passed', 'first firing', 'resolved', 'detect p50 / p95 / max', '']];
  const quiet = new Map<string, number>();
  for (const s of sweeps) {
    const shown = s.expected === 'fire' || s.expected === 'page' || s.expected === 'warn' || (s.expected === 'allowed' && s.firstFiring !== null) || s.passed < s.runs;
    if (!shown) {
      quiet.set(s.scenario, (quiet.get(s.scenario) ?? 0) + 1);
      continue;
    }
    const first = s.failedSeeds[0];
    rows.push([
      s.scenario,
      s.expected === 'page' || s.expected === 'warn' ? `[${s.alert}]` : s.alert,
      s.expected === 'allowed' ? `allowed (fired ${s.firstFiring ? 'in some' : 'in none'})` : s.expected,
      `${s.passed}/${s.runs}`,
      spreadText(s.firstFiring),
      spreadText(s.resolvedAt),
      ttdText(s.timeToDetect),
      first ? `FAIL ×${s.failedSeeds.length} (seed ${first.seed}: ${first.reason})` : 'ok',
    ]);
  }
  for (const [scenario, n] of quiet) rows.push([scenario, `(${n} alerts)`, 'silent', 'all', '–', '–', '–', 'ok']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** The one-line verdict of a sweep. */
export function formatSweepVerdict(sweeps: readonly ExpectationSweep[], seeds: number): string {
  const failing = sweeps.filter((s) => s.passed < s.runs);
  const scenarios = new Set(sweeps.map((s) => s.scenario)).size;
  if (failing.length === 0) return `verify: ${scenarios} scenarios × ${seeds} seeds, every expectation holds for every seed`;
  return `verify: FAILED — ${failing.length} expectations fail under some seed (${[...new Set(failing.map((s) => s.scenario))].join(', ')})`;
}
