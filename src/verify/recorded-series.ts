/**
 * Recording rules in verify, as Prometheus' rule manager runs them: each record's expression is evaluated at every
 * evaluation time of its group (query_range at the group's interval: the same values a rule manager computes, see
 * shared/notes), and the result is written back into the same throwaway Prometheus under the record's name, with the
 * rule's labels and a stale marker at the evaluation where a series leaves the result. A record is stored before any
 * record after it that reads it — and the alerts read them all — as a group evaluated in order has it; records that
 * read none of each other are evaluated side by side. (A record reading one defined AFTER it sees, in Prometheus, the
 * previous evaluation's value; here it would see the same evaluation's: keep records before their readers.) Nothing
 * here computes PromQL: Prometheus evaluates, this only stores its answers.
 */
import { localWriteClient } from '../backfill/remote-write-backfill.js';
import { inPool } from '../core/pool.js';
import { queryRange, type RangeSeries } from '../prometheus/query-client.js';
import { selectors } from '../promql/selectors.js';
import { encodeLabels, encodeWriteRequest, markStale, type SeriesSamples } from '../remote-write/write-request.js';
import { evaluationTimes, type RecordingRule } from './rules.js';

/** Samples per write request: the backfill's own size. */
const SAMPLES_PER_REQUEST = 40_000;

/** The labels a recording rule gives one series of its result. */
export function recordedLabels(rule: Pick<RecordingRule, 'record' | 'labels'>, resultLabels: Record<string, string>): Record<string, string> {
  return { ...resultLabels, ...rule.labels, __name__: rule.record };
}

/**
 * One result series as stored: a sample at each evaluation where it is present, and a stale marker at the first
 * evaluation it is missing from after being present (Prometheus marks a vanished output series stale at once).
 */
export function storedSamples(series: RangeSeries, times: readonly number[]): { timestamps: number[]; values: Float64Array } {
  const timestamps: number[] = [];
  const values: number[] = [];
  const stale: number[] = [];
  let present = false;
  for (const t of times) {
    const v = series.points.get(t);
    if (v !== undefined) {
      timestamps.push(t);
      values.push(v);
      present = true;
    } else if (present) {
      stale.push(timestamps.length);
      timestamps.push(t);
      values.push(Number.NaN);
      present = false;
    }
  }
  const out = Float64Array.from(values);
  for (const i of stale) markStale(out, i);
  return { timestamps, values: out };
}

/** Splits one series into requests of at most SAMPLES_PER_REQUEST samples, in time order. */
function* requestsOf(series: readonly SeriesSamples[]): Generator<SeriesSamples[]> {
  let batch: SeriesSamples[] = [];
  let size = 0;
  for (const s of series) {
    for (let from = 0; from < s.timestamps.length; from += SAMPLES_PER_REQUEST) {
      const to = Math.min(s.timestamps.length, from + SAMPLES_PER_REQUEST);
      const part: SeriesSamples = { labels: s.labels, timestamps: Array.prototype.slice.call(s.timestamps, from, to), values: s.values.slice(from, to) };
      if (size + part.timestamps.length > SAMPLES_PER_REQUEST && batch.length > 0) {
        yield batch;
        batch = [];
        size = 0;
      }
      batch.push(part);
      size += part.timestamps.length;
    }
  }
  if (batch.length > 0) yield batch;
}

/** Queries evaluated at once: Prometheus answers a range query on one core, and verify runs two scenarios at once. */
const CONCURRENCY = 3;

/**
 * The records in stages: each record comes in the stage after the last earlier record it reads, so that a stage's
 * records read only what is stored already and can be evaluated side by side.
 */
export function recordStages(records: readonly RecordingRule[]): RecordingRule[][] {
  const stageOf = new Map<string, number>();
  const stages: RecordingRule[][] = [];
  for (const rule of records) {
    const read = selectors(rule.expr).flatMap((s) => (s.name !== null && stageOf.has(s.name) ? [stageOf.get(s.name)!] : []));
    const stage = read.length === 0 ? 0 : Math.max(...read) + 1;
    stageOf.set(rule.record, Math.max(stage, stageOf.get(rule.record) ?? 0));
    (stages[stage] ??= []).push(rule);
  }
  return stages.filter((s) => s !== undefined);
}

/**
 * Evaluates every recording rule over [fromMs, toMs] against the Prometheus at `url` and stores the results there,
 * each before the records that read it. Returns the samples written (stale markers included).
 */
export async function writeRecordedSeries(url: string, records: readonly RecordingRule[], fromMs: number, toMs: number): Promise<number> {
  if (records.length === 0) return 0;
  const client = localWriteClient(url);
  let written = 0;
  for (const stage of recordStages(records)) {
    await inPool(stage, CONCURRENCY, async (rule) => {
      const times = evaluationTimes(fromMs, toMs, rule.intervalMs);
      if (times.length === 0) return;
      const result = await queryRange(url, rule.expr, times[0], times[times.length - 1], rule.intervalMs);
      const series: SeriesSamples[] = result.map((s) => ({ labels: encodeLabels(recordedLabels(rule, s.labels)), ...storedSamples(s, times) }));
      for (const request of requestsOf(series)) {
        await client.send(encodeWriteRequest(request));
        written += request.reduce((n, s) => n + s.timestamps.length, 0);
      }
    });
  }
  return written;
}
