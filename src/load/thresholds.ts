/**
 * Pass/fail criteria of a load run, k6-style: a share of arrivals dropped, a share of requests that failed, latency
 * percentiles, and the send rate achieved against the due rate. The defaults fail a run that mostly failed — a target
 * killed mid-run, a hung target, an overload — so that a script or CI job running `load` sees a non-zero exit instead
 * of reading the report.
 */

/** The criteria; shares are fractions (0.1 = 10 %), latencies in milliseconds from the due time. */
export interface Thresholds {
  /** Most of the due arrivals that may be dropped. */
  maxDropped: number;
  /** Most of the sent requests that may fail: no answer, aborted at the end, or an answer other than 2xx. */
  maxErrors: number;
  /** The send rate achieved must be at least this share of the due rate. */
  minRate: number;
  p95Ms?: number;
  p99Ms?: number;
}

/** The defaults: a run that lost more than a tenth of its arrivals or requests failed. */
export const THRESHOLD_DEFAULTS: Thresholds = { maxDropped: 0.1, maxErrors: 0.1, minRate: 0.9 };

/** One criterion judged: what was measured next to its limit. */
export interface ThresholdCheck {
  name: 'dropped' | 'errors' | 'rate' | 'p95' | 'p99';
  /** The limit in words: `≤ 10 %`, `≥ 90 %`, `≤ 500 ms`. */
  limit: string;
  /** What was measured, in the same unit; `no answer` for a percentile without one. */
  actual: string;
  ok: boolean;
}

/** What the checks read from a report (kept narrow so that the report and the checks do not import each other). */
export interface MeasuredRun {
  due: number;
  dropped: number;
  sent: number;
  /** Sent requests that did not end in a 2xx answer (failed, aborted, or another status). */
  errors: number;
  sendRate: { target: number | null; achieved: number | null };
  latencyMs: { count: number; p95: number; p99: number };
}

const percent = (share: number): string => `${Number((share * 100).toFixed(1))} %`;

function shareCheck(name: 'dropped' | 'errors', count: number, of: number, max: number): ThresholdCheck | null {
  if (of === 0) return null;
  const share = count / of;
  return { name, limit: `≤ ${percent(max)}`, actual: `${percent(share)} (${count} of ${of})`, ok: share <= max };
}

function rateCheck(m: MeasuredRun, min: number): ThresholdCheck | null {
  const { target, achieved } = m.sendRate;
  if (target === null || achieved === null || target === 0) return null;
  const share = achieved / target;
  return { name: 'rate', limit: `≥ ${percent(min)} of the due rate`, actual: percent(share), ok: share >= min };
}

function latencyCheck(name: 'p95' | 'p99', m: MeasuredRun, maxMs: number | undefined): ThresholdCheck | null {
  if (maxMs === undefined) return null;
  const { count } = m.latencyMs;
  const value = m.latencyMs[name];
  return { name, limit: `≤ ${maxMs} ms`, actual: count === 0 ? 'no answer' : `${value.toFixed(1)} ms`, ok: count > 0 && value <= maxMs };
}

/** Every criterion that applies to the run (a share of nothing, or a rate from fewer than two arrivals, is skipped). */
export function checkThresholds(m: MeasuredRun, t: Thresholds): ThresholdCheck[] {
  return [
    shareCheck('dropped', m.dropped, m.due, t.maxDropped),
    shareCheck('errors', m.errors, m.sent, t.maxErrors),
    rateCheck(m, t.minRate),
    latencyCheck('p95', m, t.p95Ms),
    latencyCheck('p99', m, t.p99Ms),
  ].filter((c): c is ThresholdCheck => c !== null);
}

/** `dropped 62.0 % (124 of 200) > 10 %`-style words for the failed checks, for a one-line error. */
export function describeFailedChecks(checks: readonly ThresholdCheck[]): string {
  return checks.filter((c) => !c.ok).map((c) => `${c.name} ${c.actual}, limit ${c.limit}`).join('; ');
}

/** `--max-dropped 10%` or `0.1` as a fraction in [0, 1]; null when it is neither. */
export function parseShare(text: string): number | null {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(t);
  if (!m) return null;
  const share = m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]);
  return share >= 0 && share <= 1 ? share : null;
}
