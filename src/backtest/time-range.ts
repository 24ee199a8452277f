/**
 * The window a backtest reads: `--from`/`--to` as an RFC 3339 date-time, `now`, or `now-<duration>` (`now-7d`),
 * checked against LIMITS.backtestSpanMs. The clock is passed in: `now` is the caller's.
 */
import { formatDuration, parseDuration } from '../core/units.js';
import { UsageError } from '../errors.js';
import { LIMITS } from '../limits.js';

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** The default window: the last 7 days. */
export const DEFAULT_FROM = 'now-7d';
export const DEFAULT_TO = 'now';

/** One instant: `2026-01-05T00:00:00Z` (RFC 3339, with a zone), `now`, or `now-7d`. */
export function parseInstant(flag: string, text: string, nowMs: number): number {
  const t = text.trim();
  const relative = /^now(?:-(.+))?$/.exec(t);
  if (relative) {
    const back = relative[1] === undefined ? 0 : parseDuration(relative[1]);
    if (back === null) throw new UsageError(`--${flag} ${text}: expected now-<duration>, e.g. now-7d`);
    return nowMs - back;
  }
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const ms = rfc3339.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} ${text}: expected an RFC 3339 date-time (2026-01-05T00:00:00Z), now or now-7d`);
  return ms;
}

/** `--from`/`--to`, checked: from before to, within the span limit, not before 1970. */
export function parseTimeRange(from: string, to: string, nowMs: number): TimeRange {
  const fromMs = parseInstant('from', from, nowMs);
  const toMs = parseInstant('to', to, nowMs);
  if (fromMs < 0) throw new UsageError(`--from ${from}: before 1970`);
  if (!(fromMs < toMs)) throw new UsageError(`--from ${from} must come before --to ${to}`);
  if (toMs - fromMs > LIMITS.backtestSpanMs) {
    throw new UsageError(`--from ${from} --to ${to}: ${formatDuration(toMs - fromMs)} is longer than ${formatDuration(LIMITS.backtestSpanMs)}: backtest shorter windows`);
  }
  return { fromMs, toMs };
}
