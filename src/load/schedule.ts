/**
 * The arrival-rate schedule of `lunar-sim load`, with k6's semantics: a constant rate for a duration
 * (`constant-arrival-rate`), or stages that ramp the rate linearly from one target to the next
 * (`ramping-arrival-rate`, from 0/s). Arrivals come from this curve alone, never from answers: an open model.
 *
 * The n-th arrival is due when the area under the rate curve (the expected count so far) reaches n. A constant rate
 * sends its first request at once (area 0), ramping stages when the area reaches 1, as k6 does.
 */
import { parseDuration, parseRate } from '../core/units.js';
import { LOAD_LIMITS } from './limits.js';

/** A stretch in which the rate moves linearly from `fromRate` to `toRate` (per second) over `durationMs`. */
export interface Stage {
  durationMs: number;
  fromRate: number;
  toRate: number;
}

export interface Schedule {
  kind: 'constant' | 'ramping';
  stages: readonly Stage[];
}

/** `rate` per second for `durationMs`. */
export function constantSchedule(rate: number, durationMs: number): Schedule {
  return { kind: 'constant', stages: [{ durationMs, fromRate: rate, toRate: rate }] };
}

/** Stages ramping from 0/s to each target in turn; a 0-length stage jumps. */
export function rampingSchedule(targets: readonly { durationMs: number; rate: number }[]): Schedule {
  let from = 0;
  const stages = targets.map(({ durationMs, rate }) => {
    const stage = { durationMs, fromRate: from, toRate: rate };
    from = rate;
    return stage;
  });
  return { kind: 'ramping', stages };
}

export function scheduleDurationMs(s: Schedule): number {
  return s.stages.reduce((sum, st) => sum + st.durationMs, 0);
}

/** Expected arrivals in a stage: the area under its rate line. */
export function stageArea(st: Stage): number {
  return ((st.fromRate + st.toRate) / 2) * (st.durationMs / 1000);
}

/** The area at which the first arrival is due (see the file comment). */
export function firstArrivalArea(s: Schedule): number {
  return s.kind === 'constant' ? 0 : 1;
}

/**
 * Whether an arrival due at `area` belongs to the schedule: a constant rate sends on [0, duration) as k6's ticker
 * does, ramping stages up to and including the end, as k6's ramping executor does.
 */
export function withinSchedule(s: Schedule, area: number, totalArea: number): boolean {
  return s.kind === 'constant' ? area < totalArea : area <= totalArea;
}

/** How many arrivals the schedule holds with evenly spaced (constant) arrivals. */
export function plannedArrivals(s: Schedule): number {
  const total = s.stages.reduce((sum, st) => sum + stageArea(st), 0);
  return s.kind === 'constant' ? Math.ceil(total) : Math.floor(total);
}

/**
 * Milliseconds into a stage at which its area reaches `area` (0 ≤ area ≤ stageArea). Solves
 * from·t + (to − from)·t²/(2d) = area in the form 2a / (from + √(from² + 2a(to − from)/d)), which stays exact when
 * `from` is 0 and never divides by a vanishing difference.
 */
export function timeInStage(st: Stage, area: number): number {
  if (area <= 0 || st.durationMs === 0) return 0;
  const d = st.durationMs / 1000;
  const slope = (st.toRate - st.fromRate) / d;
  const root = Math.sqrt(Math.max(0, st.fromRate * st.fromRate + 2 * area * slope));
  const seconds = (2 * area) / (st.fromRate + root);
  return Math.min(st.durationMs, seconds * 1000);
}

/** The peak rate of a schedule, per second. */
export function peakRate(s: Schedule): number {
  return Math.max(0, ...s.stages.flatMap((st) => [st.fromRate, st.toRate]));
}

/** The mean rate over the whole schedule, per second. */
export function meanRate(s: Schedule): number {
  const ms = scheduleDurationMs(s);
  return ms === 0 ? 0 : s.stages.reduce((sum, st) => sum + stageArea(st), 0) / (ms / 1000);
}

/**
 * `30s:10/s,1m:200/s,30s:0/s` → stage targets; a string naming the first problem when the text does not parse or
 * leaves the bounds. Each `DURATION:RATE` ramps from the previous rate (0/s at first) to RATE over DURATION.
 */
export function parseStages(text: string): { durationMs: number; rate: number }[] | string {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length > LOAD_LIMITS.maxStages) return `at most ${LOAD_LIMITS.maxStages} stages`;
  const stages: { durationMs: number; rate: number }[] = [];
  for (const [i, part] of parts.entries()) {
    const colon = part.indexOf(':');
    const durationMs = colon < 0 ? null : parseDuration(part.slice(0, colon));
    const rate = colon < 0 ? null : parseRate(part.slice(colon + 1));
    if (durationMs === null || rate === null) return `stage ${i + 1} "${part}": expected DURATION:RATE such as 30s:10/s`;
    if (rate > LOAD_LIMITS.maxRate) return `stage ${i + 1} "${part}": at most ${LOAD_LIMITS.maxRate}/s`;
    stages.push({ durationMs, rate });
  }
  const total = stages.reduce((sum, st) => sum + st.durationMs, 0);
  if (total <= 0) return 'the stages last 0s: give at least one a duration';
  if (total > LOAD_LIMITS.maxDurationMs) return 'the stages last more than 24h';
  if (stages.every((st) => st.rate === 0)) return 'every stage targets 0/s: nothing would be sent';
  return stages;
}
