/**
 * What calibrate reads from a Prometheus-compatible query API: read-only range queries (chunked by query-client.ts),
 * each an hourly sum by one label, so that what comes back is a handful of numbers per label value and hour whatever
 * the traffic. Hours, not the window's total, so that the hours of an incident can be told apart and left out of the
 * base profile (incidents.ts). Metric names come from the catalogue.
 */
import { METRICS } from '../metrics/catalogue.js';
import { NO_MODEL } from '../model/generation.js';
import { queryRange, type QueryOptions } from '../prometheus/query-client.js';
import type { TimeRange } from '../backtest/time-range.js';
import type { HourlyCount } from './traffic-fit.js';

const HOUR_MS = 3_600_000;

/** Counts by label value. */
export type Counts = Record<string, number>;

/** What one hour of the window holds (every count an increase over the hour ending at `endMs`). */
export interface HourBin {
  endMs: number;
  /** Generations by source (claude, db_temporal, db_template, hardcoded). */
  bySource: Counts;
  /** Generations by the model that was drawn (fallbacks, whose model is `none`, left out). */
  byModel: Counts;
  byFallbackType: Counts;
  /** Cumulative bucket counts of successful Claude calls, by the bucket's `le` as Prometheus writes it. */
  claudeBuckets: Counts;
  /** Cumulative bucket counts of the fallbacks' durations (a hung call runs past the last finite bound). */
  fallbackBuckets: Counts;
  outputTokens: number;
}

/** The window's totals over some hours: what the fits take. */
export interface Observations {
  hourly: HourlyCount[];
  bySource: Counts;
  byModel: Counts;
  byFallbackType: Counts;
  /** Cumulative bucket counts of successful Claude calls, by upper bound (Infinity last). */
  claudeBuckets: { le: number; count: number }[];
  /** Fallbacks that took longer than the last finite bucket bound: hung calls. */
  hungFallbacks: number;
  outputTokens: number;
  /** Most instances reporting at once. */
  instances: number;
}

/** Everything read: the hours, and the most instances reporting at once over the window. */
export interface HourlyObservations {
  hours: HourBin[];
  instances: number;
}

/** The total of each label value. */
export function total(counts: readonly Counts[]): Counts {
  const out: Counts = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The sum of a record's values. */
export function sumOf(c: Counts): number {
  return Object.values(c).reduce((a, b) => a + b, 0);
}

/** Cumulative buckets by `le` as ascending bounds (Infinity last). */
export function bucketsOf(byLe: Counts): { le: number; count: number }[] {
  return Object.entries(byLe)
    .map(([le, count]) => ({ le: Number(le), count }))
    .filter((b) => !Number.isNaN(b.le))
    .sort((a, b) => a.le - b.le);
}

/** Fallbacks past the last finite bound of their duration buckets: the hung calls. */
export function hungOf(fallbackBuckets: Counts): number {
  const b = bucketsOf(fallbackBuckets);
  const finite = b.filter((x) => Number.isFinite(x.le));
  const all = b.find((x) => x.le === Infinity)?.count ?? 0;
  return Math.max(0, all - (finite[finite.length - 1]?.count ?? all));
}

/** The totals of the hours `keep` selects (all of them by default). */
export function totalsOf(o: HourlyObservations, keep: (h: HourBin) => boolean = () => true): Observations {
  const hours = o.hours.filter(keep);
  return {
    hourly: hours.map((h) => ({ endMs: h.endMs, count: sumOf(h.bySource) })),
    bySource: total(hours.map((h) => h.bySource)),
    byModel: total(hours.map((h) => h.byModel)),
    byFallbackType: total(hours.map((h) => h.byFallbackType)),
    claudeBuckets: bucketsOf(total(hours.map((h) => h.claudeBuckets))),
    hungFallbacks: hungOf(total(hours.map((h) => h.fallbackBuckets))),
    outputTokens: hours.reduce((s, h) => s + h.outputTokens, 0),
    instances: o.instances,
  };
}

/** Each hour's value of every label value of `label` (an hour with no sample: no key). */
async function hourlyByLabel(url: string, expr: string, label: string, range: TimeRange, o: QueryOptions): Promise<Map<number, Counts>> {
  const series = await queryRange(url, expr, range.fromMs + HOUR_MS, range.toMs, HOUR_MS, o);
  const out = new Map<number, Counts>();
  for (const s of series) {
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      const c = out.get(t) ?? {};
      c[s.labels[label] ?? ''] = v;
      out.set(t, c);
    }
  }
  return out;
}

/** Reads everything calibrate fits, hour by hour over `range`. */
export async function observe(url: string, range: TimeRange, o: QueryOptions = {}): Promise<HourlyObservations> {
  const { generated, fallback, duration, tokens, active } = {
    generated: METRICS.generated.name,
    fallback: METRICS.fallback.name,
    duration: METRICS.duration.name,
    tokens: METRICS.tokens.name,
    active: METRICS.active.name,
  };
  const read = (expr: string, label: string): Promise<Map<number, Counts>> => hourlyByLabel(url, expr, label, range, o);
  const bySource = await read(`sum by (source) (increase(${generated}[1h]))`, 'source');
  const byModel = await read(`sum by (model) (increase(${generated}{model!="${NO_MODEL}"}[1h]))`, 'model');
  const byFallbackType = await read(`sum by (type) (increase(${fallback}[1h]))`, 'type');
  const claudeBuckets = await read(`sum by (le) (increase(${duration}_bucket{source="claude"}[1h]))`, 'le');
  const fallbackBuckets = await read(`sum by (le) (increase(${duration}_bucket{source=~"db_template|hardcoded"}[1h]))`, 'le');
  const outputTokens = await read(`sum(increase(${tokens}{type="output"}[1h]))`, '');
  const w = `${Math.round((range.toMs - range.fromMs) / 1000)}s`;
  const instances = await queryRange(url, `max_over_time(count(count by (instance) (${active}))[${w}:5m])`, range.toMs, range.toMs, HOUR_MS, o);
  const hours = [...bySource.keys()].sort((a, b) => a - b).map((endMs) => ({
    endMs,
    bySource: bySource.get(endMs)!,
    byModel: byModel.get(endMs) ?? {},
    byFallbackType: byFallbackType.get(endMs) ?? {},
    claudeBuckets: claudeBuckets.get(endMs) ?? {},
    fallbackBuckets: fallbackBuckets.get(endMs) ?? {},
    outputTokens: outputTokens.get(endMs)?.[''] ?? 0,
  }));
  return { hours, instances: instances[0]?.points.get(range.toMs) ?? 0 };
}
