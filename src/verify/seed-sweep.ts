/**
 * The same scenarios under many seeds: a verdict that holds for one seed may be luck. Per expectation, the pass rate
 * over the seeds and the spread of its timings — first firing, resolution, and time to detect (first firing after
 * the start of its window, the incident's start) — so a scenario's windows can be set from evidence, and the runbooks
 * can say how long each alert takes.
 */
import { UsageError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import type { AlertVerdict } from './judge.js';
import type { ScenarioVerification } from './verify-scenario.js';

/** What a sweep keeps of each run: a sweep of hundreds of runs must not hold their samples. */
export type SweptRun = Pick<ScenarioVerification, 'scenario' | 'verdicts'>;

/** Parses `1..20`, `7` or `1,5,9` (at most `limit` seeds). */
export function parseSeeds(text: string, limit = 1000): number[] {
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text.trim());
  const seeds = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : text.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s))) throw new UsageError(`--seeds ${text}: expected a range such as 1..20 or a list such as 1,5,9`);
  if (seeds.length > limit) throw new UsageError(`--seeds ${text}: ${seeds.length} seeds, at most ${limit}`);
  return seeds;
}

/** Every scenario under every seed. */
export function seededVariants(scenarios: readonly Scenario[], seeds: readonly number[]): Scenario[] {
  return scenarios.flatMap((s) => seeds.map((seed) => ({ ...s, seed })));
}

export interface Spread {
  min: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ExpectationSweep {
  scenario: string;
  alert: string;
  expected: AlertVerdict['expected'];
  /** The verdict as the scenario states it (first one of the runs; windows are the same in all). */
  verdict: AlertVerdict;
  runs: number;
  passed: number;
  failedSeeds: { seed: number; reason: string }[];
  firstFiring: Spread | null;
  resolvedAt: Spread | null;
  /** First firing minus the start of the incident: the latest phase that began at or before the window's start. */
  timeToDetect: Spread | null;
}

function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number): number => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
  return { min: v[0], p50: at(0.5), p95: at(0.95), max: v[v.length - 1] };
}

/** True for a phase that only returns to the base profile and traffic: a recovery, not an incident. */
function backToBase(scenario: Scenario, phase: Scenario['phases'][number]): boolean {
  return !phase.down && JSON.stringify([phase.profile, phase.traffic]) === JSON.stringify([scenario.base, scenario.traffic]);
}

/**
 * Where the incident an expected firing answers begins: the last phase that departs from the base and starts at or
 * before `after` and the firing (else time 0; else, for a firing in the warm-up, the warm-up's start: the base itself
 * is the incident). A phase back to base is a recovery, so a burst that ended before the alert fired still counts
 * from its start.
 */
export function incidentStart(scenario: Scenario, after: number | undefined, firstFiring = Infinity): number {
  const limit = Math.min(after ?? 0, firstFiring);
  const starts = scenario.phases.filter((p) => p.at <= limit && !backToBase(scenario, p)).map((p) => p.at);
  if (starts.length > 0) return Math.max(...starts);
  return firstFiring < 0 ? -scenario.warmup : 0;
}

function keyOf(scenario: string, v: AlertVerdict, index: number): string {
  return `${scenario}\u0000${v.alert}\u0000${JSON.stringify(v.labels ?? {})}\u0000${index}`;
}

/** Groups seeded verifications by scenario and expectation. */
export function sweepSummary(results: readonly SweptRun[]): ExpectationSweep[] {
  const groups = new Map<string, { sweep: ExpectationSweep; first: number[]; resolved: number[]; ttd: number[] }>();
  for (const r of results) {
    const seen = new Map<string, number>();
    for (const v of r.verdicts) {
      const base = `${v.alert}\u0000${JSON.stringify(v.labels ?? {})}`;
      const index = seen.get(base) ?? 0;
      seen.set(base, index + 1);
      const key = keyOf(r.scenario.name, v, index);
      let g = groups.get(key);
      if (!g) {
        const sweep: ExpectationSweep = {
          scenario: r.scenario.name, alert: v.alert, expected: v.expected, verdict: v, runs: 0, passed: 0, failedSeeds: [],
          firstFiring: null, resolvedAt: null, timeToDetect: null,
        };
        groups.set(key, (g = { sweep, first: [], resolved: [], ttd: [] }));
      }
      g.sweep.runs++;
      if (v.ok) g.sweep.passed++;
      else g.sweep.failedSeeds.push({ seed: r.scenario.seed, reason: v.reason });
      if (v.firstFiring !== null) {
        g.first.push(v.firstFiring);
        if (v.expected === 'fire') g.ttd.push(v.firstFiring - incidentStart(r.scenario, v.after, v.firstFiring));
        // A notification's window starts at the incident itself.
        if (v.expected === 'page' || v.expected === 'warn') g.ttd.push(v.firstFiring - v.after!);
      }
      if (v.resolvedAt !== null) g.resolved.push(v.resolvedAt);
    }
  }
  return [...groups.values()].map((g) => ({ ...g.sweep, firstFiring: spread(g.first), resolvedAt: spread(g.resolved), timeToDetect: spread(g.ttd) }));
}
