/**
 * Which part of a scenario a push sends, and when it happened: `--from`/`--to` in scenario time (negative inside
 * the warm-up; beyond the end the last phase goes on), and `--start-at`, which moves the scenario's time 0 so that
 * the first sample sent lands at that wall-clock time. The scenario is then simulated at that date, so a day/night
 * shape keeps its UTC hours (a week loaded as "the last 7 days" peaks at 14:00 each day).
 */
import { formatDuration, parseDuration } from '../core/units.js';
import { UsageError } from '../errors.js';
import { LIMITS, formatLimit } from '../limits.js';
import { runWindowProblem } from '../scenario/run-window.js';
import type { Scenario } from '../scenario/scenario.js';

/** What one push may hold in memory (src/limits.ts). */
export const MAX_HISTORY_SAMPLES = LIMITS.pushSamples;
/** Receivers refuse samples from the future (Mimir: 10 min ahead); this much clock skew is tolerated. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface PushSpan {
  /** Scenario time of the first sample sent, ms (default: the start of the warm-up). */
  from?: number;
  /** Scenario time of the last sample sent, ms (default: the end of the scenario). */
  to?: number;
  /** Wall-clock time of the first sample sent, ms since epoch (default: the scenario's own dates). */
  startAt?: number;
}

export interface HistoryPlan {
  /** The scenario as simulated: warm-up and duration stretched to cover the span, time 0 moved by startAt. */
  scenario: Scenario;
  fromMs: number;
  toMs: number;
}

/** `--from -12h` / `--to 6d`: a duration in scenario time, with an optional minus sign. */
export function parseScenarioTime(flag: string, text: string): number {
  const negative = text.trim().startsWith('-');
  const ms = parseDuration(negative ? text.trim().slice(1) : text);
  if (ms === null) throw new UsageError(`--${flag} ${text}: expected scenario time such as -12h, 0s or 6d`);
  return negative ? -ms : ms;
}

/**
 * `--start-at`: an ISO 8601 date-time, `now`, or `now-7d`. Relative times are rounded down to a multiple of `stepMs`
 * so that samples fall on round scrape times.
 */
export function parseStartAt(text: string, nowMs: number, stepMs: number): number {
  const t = text.trim();
  const relative = /^now(?:-(.+))?$/.exec(t);
  if (relative) {
    const back = relative[1] === undefined ? 0 : parseDuration(relative[1]);
    if (back === null) throw new UsageError(`--start-at ${text}: expected now-<duration>, e.g. now-7d`);
    return Math.floor((nowMs - back) / stepMs) * stepMs;
  }
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t) ? Date.parse(t) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--start-at ${text}: expected an ISO date-time (2026-01-05T00:00:00Z), now or now-7d`);
  return ms;
}

/** Series a run of `scenario` exposes: every label set is created at start (buckets, _sum, _count counted apart). */
export type SeriesCounter = (scenario: Scenario) => number;

/** The run to simulate and the window to send; refuses spans that are empty, too large or in the future. */
export function planHistory(scenario: Scenario, span: PushSpan, nowMs: number, seriesOf: SeriesCounter): HistoryPlan {
  const from = span.from ?? -scenario.warmup;
  const to = span.to ?? scenario.duration;
  if (!(from < to)) throw new UsageError(`--from ${formatDuration(from)} must come before --to ${formatDuration(to)}`);
  const warmup = Math.max(scenario.warmup, -from);
  const duration = Math.max(scenario.duration, to);
  const start = span.startAt === undefined ? scenario.start : span.startAt - from;
  const simulated: Scenario = { ...scenario, warmup, duration, start };
  const window = runWindowProblem(start, warmup, duration);
  if (window) throw new UsageError(`${span.startAt === undefined ? '--from/--to' : '--start-at'}: ${window}`);
  const estimate = seriesOf(simulated) * (Math.floor((warmup + duration) / scenario.step) + 1);
  if (estimate > MAX_HISTORY_SAMPLES) {
    throw new UsageError(
      `simulating ${formatDuration(warmup + duration)} of "${scenario.name}" would send about ${formatLimit(estimate)} samples ` +
        `(limit ${formatLimit(MAX_HISTORY_SAMPLES)}): push a shorter --from/--to span, in several pushes`,
    );
  }
  const fromMs = start + from;
  const toMs = start + to;
  if (toMs > nowMs + FUTURE_TOLERANCE_MS) {
    throw new UsageError(
      `the history would end at ${new Date(toMs).toISOString()}, in the future: receivers refuse future samples; ` +
        `pass --start-at now-${formatDuration(to - from)}`,
    );
  }
  return { scenario: simulated, fromMs, toMs };
}
