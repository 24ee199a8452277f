/** Flag values in the units scenario files use, turned into usage errors (exit 2) when they do not parse. */
import { parseDuration, parseRate } from '../core/units.js';
import { UsageError } from '../errors.js';

/** `--name 90s` in milliseconds; undefined when the flag is absent. */
export function durationArg(name: string, text: string | undefined, options: { positive?: boolean } = {}): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null || (options.positive && ms <= 0)) throw new UsageError(`--${name} ${text}: expected a duration such as 90s, 30m or 2h`);
  return ms;
}

/** `--name 50/s` in events per second, greater than 0. */
export function rateArg(name: string, text: string): number {
  const rate = parseRate(text);
  if (rate === null || rate <= 0) throw new UsageError(`--${name} ${text}: expected a rate such as 50/s or 600/min`);
  return rate;
}
