/** The flags `backtest` and `calibrate` share: which query API to read, and over which window. */
import type { Argv } from 'yargs';
import { DEFAULT_FROM, DEFAULT_TO } from '../backtest/time-range.js';

/** `--url` (described by `what` the command reads there), `--from` and `--to`. */
export function withQueryWindow<T>(y: Argv<T>, what: string) {
  return y
    .option('url', { type: 'string', demandOption: true, describe: `Prometheus-compatible query API base, e.g. http://prometheus:9090${what}` })
    .option('from', { type: 'string', default: DEFAULT_FROM, describe: 'start: RFC 3339 date-time, now, or now-<duration>' })
    .option('to', { type: 'string', default: DEFAULT_TO, describe: 'end: RFC 3339 date-time, now, or now-<duration>' });
}
