/**
 * What calibrate reads from a Prometheus-compatible query API: read-only range queries (chunked by query-client.ts),
 * each a sum over the whole window or per hour, so that what comes back is a handful of numbers per label value
 * whatever the traffic. Metric names come from the catalogue.
 */
import { METRICS } from '../metrics/catalogue.js';
import { NO_MODEL } from '../model/generation.js';
import { queryRange, type QueryOptions } from '../prometheus/query-client.js';
import type { TimeRange } from '../backtest/time-range.js';
import type { HourlyCount } from './traffic-fit.js';

const HOUR_MS = 3_600_000;

export interface Observations {
  hourly: HourlyCount[];
  /** Generations over the window by source (claude, db_temporal, db_template, hardcoded). */
  bySource: Record<string, number>;
  /** Generations by the model that was drawn (every source but fallbacks, whose model is `none`). */
  byModel: Record<string, number>;
  /** Fallbacks by type. */
  byFallbackType: Record<string, number>;
  /** Cumulative bucket counts of successful Claude calls, by upper bound (Infinity last). */
  claudeBuckets: { le: number; count: number }[];
  /** Fallbacks that took longer than the last finite bucket bound: hung calls. */
  hungFallbacks: number;
  outputTokens: number;
  /** Most instances reporting at once. */
  instances: number;
}

/** One value per label value of `label`, summed over the window ending at `to` (an empty result: no key). */
async function byLabel(url: string, expr: string, label: string, at: number, o: QueryOptions): Promise<Record<string, number>> {
  const series = await queryRange(url, expr, at, at, HOUR_MS, o);
  const out: Record<string, number> = {};
  for (const s of series) {
    const v = s.points.get(at);
    if (v !== undefined && Number.isFinite(v)) out[s.labels[label] ?? ''] = v;
  }
  return out;
}

async function scalar(url: string, expr: string, at: number, o: QueryOptions): Promise<number> {
  return (await byLabel(url, expr, '', at, o))[''] ?? 0;
}

function bucketsOf(byLe: Record<string, number>): { le: number; count: number }[] {
  return Object.entries(byLe)
    .map(([le, count]) => ({ le: Number(le), count }))
    .filter((b) => !Number.isNaN(b.le))
    .sort((a, b) => a.le - b.le);
}

/** Reads everything calibrate fits, over `range`. */
export async function observe(url: string, range: TimeRange, o: QueryOptions = {}): Promise<Observations> {
  const { generated, fallback, duration, tokens, active } = {
    generated: METRICS.generated.name,
    fallback: METRICS.fallback.name,
    duration: METRICS.duration.name,
    tokens: METRICS.tokens.name,
    active: METRICS.active.name,
  };
  const w = `${Math.round((range.toMs - range.fromMs) / 1000)}s`;
  const at = range.toMs;
  const hourlySeries = await queryRange(url, `sum(increase(${generated}[1h]))`, range.fromMs + HOUR_MS, range.toMs, HOUR_MS, o);
  const hourly = [...(hourlySeries[0]?.points ?? new Map<number, number>())].map(([endMs, count]) => ({ endMs, count })).sort((a, b) => a.endMs - b.endMs);
  const fallbackBuckets = bucketsOf(await byLabel(url, `sum by (le) (increase(${duration}_bucket{source=~"db_template|hardcoded"}[${w}]))`, 'le', at, o));
  const finite = fallbackBuckets.filter((b) => Number.isFinite(b.le));
  const total = fallbackBuckets.find((b) => b.le === Infinity)?.count ?? 0;
  return {
    hourly,
    bySource: await byLabel(url, `sum by (source) (increase(${generated}[${w}]))`, 'source', at, o),
    byModel: await byLabel(url, `sum by (model) (increase(${generated}{model!="${NO_MODEL}"}[${w}]))`, 'model', at, o),
    byFallbackType: await byLabel(url, `sum by (type) (increase(${fallback}[${w}]))`, 'type', at, o),
    claudeBuckets: bucketsOf(await byLabel(url, `sum by (le) (increase(${duration}_bucket{source="claude"}[${w}]))`, 'le', at, o)),
    hungFallbacks: Math.max(0, total - (finite[finite.length - 1]?.count ?? total)),
    outputTokens: await scalar(url, `sum(increase(${tokens}{type="output"}[${w}]))`, at, o),
    instances: await scalar(url, `max_over_time(count(count by (instance) (${active}))[${w}:5m])`, at, o),
  };
}
