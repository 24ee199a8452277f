/** Flag values in the units scenario files use, turned into usage errors (exit 2) when they do not parse or are out of bounds. */
import { formatDuration, parseDuration, parseRate } from '../core/units.js';
import { UsageError } from '../errors.js';
import { LIMITS, formatLimit } from '../limits.js';

/**
 * `--name 90s` in milliseconds; undefined when the flag is absent. `max` is an upper bound in milliseconds, `maxWhy`
 * says what the bound is (`--from 100y: at most 1h, the scenario's duration`).
 */
export function durationArg(
  name: string,
  text: string | undefined,
  options: { positive?: boolean; max?: number; maxWhy?: string } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null || (options.positive && ms <= 0)) throw new UsageError(`--${name} ${text}: expected a duration such as 90s, 30m or 2h`);
  if (options.max !== undefined && ms > options.max) {
    throw new UsageError(`--${name} ${text}: at most ${formatDuration(options.max)}${options.maxWhy ? `, ${options.maxWhy}` : ''}`);
  }
  return ms;
}

/** `--name 50/s` in events per second, greater than 0 and at most `max` per second when given. */
export function rateArg(name: string, text: string, max?: number): number {
  const rate = parseRate(text);
  if (rate === null || rate <= 0) throw new UsageError(`--${name} ${text}: expected a rate such as 50/s or 600/min`);
  if (max !== undefined && rate > max) throw new UsageError(`--${name} ${text}: at most ${max}/s`);
  return rate;
}

/** `--name N`, a whole number in [min, max]; undefined when the flag is absent. */
export function wholeNumberArg(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} ${value}: expected a whole number from ${min} to ${max}`);
  return value;
}

/** `--speed X`: a finite number within LIMITS (Infinity would stop the server answering). */
export function speedArg(text: string): number {
  const speed = text.trim() === '' ? NaN : Number(text);
  if (!(speed >= LIMITS.speedMin && speed <= LIMITS.speedMax)) {
    throw new UsageError(`--speed ${text}: expected a number from ${LIMITS.speedMin} to ${formatLimit(LIMITS.speedMax)}`);
  }
  return speed;
}

/** `--seed N`: an integer JavaScript represents exactly. */
export function seedArg(seed: number | undefined): number | undefined {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed ${seed}: must be an integer (up to 2^53)`);
  return seed;
}
