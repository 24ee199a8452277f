/**
 * The units scenario files and the CLI speak: durations like `90s`, `1h30m`, `2d`, and rates like `40/min`.
 * Pure parsing: callers turn a `null` into a located error message.
 */

// The units Prometheus durations use too (y = 365 d), so rule files and scenarios read the same way.
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))+$/;
const durationPart = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;

/** Regular expression source of a valid duration, for the JSON Schema. */
export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w|y))+$';
/** Regular expression source of a valid rate, for the JSON Schema. */
export const RATE_PATTERN = '^\\d+(?:\\.\\d+)?\\s*/\\s*(?:s|sec|second|m|min|minute|h|hour|d|day)$';

/** Parses `90s`, `30m`, `1h30m`, `250ms`, `2d`, `1w` into milliseconds; `null` when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (!durationPattern.test(t)) return null;
  let total = 0;
  for (const m of t.matchAll(durationPart)) total += Number(m[1]) * unitMs[m[2]];
  return total;
}

/** Formats milliseconds the way scenario files write them: `2h30m`, `45s`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  if (rest > 0) out += `${Math.round(rest)}ms`;
  return sign + out;
}

const ratePattern = /^(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute|h|hour|d|day)$/;
const perUnitSeconds: Record<string, number> = {
  s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600, d: 86_400, day: 86_400,
};

/** Parses `40/min`, `2/s`, `100/h` into events per second; `null` when the text is not a rate. */
export function parseRate(text: string): number | null {
  const m = ratePattern.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) / perUnitSeconds[m[2]];
}
