/**
 * A virtual run's samples cut into remote-write requests, in time order.
 *
 * Series are split into shards and a shard's requests must arrive one after the other: a receiver without an
 * out-of-order window refuses a sample older than its series' last one, so two requests for one series may never
 * race. Requests come out ordered by their first timestamp across shards, so shards advance together and the whole
 * push stays within a few requests' span of "now" in data time (Prometheus refuses samples more than an hour behind
 * its newest one, out-of-order window aside).
 *
 * Where a series' scrape fails (a down phase: no snapshot; a replica down or replaced: no value in the snapshot), it
 * gets Prometheus' stale marker at the first failed step, as a real scrape failure writes.
 */
import { INSTANCE } from '../metrics/catalogue.js';
import type { SampleLog } from '../metrics/sample-log.js';
import { encodeLabels, markStale, type EncodedLabels, type SeriesSamples } from './write-request.js';

export interface HistoryWindow {
  log: SampleLog;
  /** First and last sample time to send, ms, inclusive. */
  fromMs: number;
  toMs: number;
  /**
   * A streamed run: the last snapshot to send now (default `toMs`). Only a snapshot whose successor is in the log can
   * be sent — the next one decides its stale marker — so a part ends one snapshot before the log does.
   */
  rowsToMs?: number;
  /** The run's sample step, ms: a longer gap between snapshots is a scrape failure. */
  stepMs: number;
  /** When the run ended, ms: a gap that runs to the end gets its stale marker too. */
  runEndMs: number;
  /** Added to every series, e.g. job and instance. */
  extraLabels: Readonly<Record<string, string>>;
  staleMarkers: boolean;
}

export interface Batching {
  maxSamplesPerRequest: number;
  /** Shards that may send at once. */
  concurrency: number;
}

/**
 * Data time one request spans at most. Requests in flight (and one shard's successor waiting behind them) span about
 * three times this; Prometheus refuses samples more than an hour older than its newest one ("out of bounds")
 * unless it has an out-of-order window, so this keeps a push well inside that hour.
 */
export const MAX_REQUEST_SPAN_MS = 10 * 60_000;

export interface PlannedRequest {
  shard: number;
  series: SeriesSamples[];
  samples: number;
  firstMs: number;
  lastMs: number;
}

interface Column {
  labels: EncodedLabels;
  values: readonly number[];
}

interface Shard {
  index: number;
  columns: Column[];
  nextRow: number;
}

/** Rows of the log inside the window. */
function windowRows(w: HistoryWindow): { first: number; end: number } {
  const times = w.log.times;
  let first = 0;
  while (first < times.length && times[first] < w.fromMs) first++;
  const last = Math.min(w.toMs, w.rowsToMs ?? w.toMs);
  let end = first;
  while (end < times.length && times[end] <= last) end++;
  return { first, end };
}

/**
 * When a column's value at row `i` is the last its scrape gave before a failed one, the time of that first failed
 * scrape (one step later): its stale marker goes there. NaN when the next scrape has a value. A scrape fails for a
 * column when the run has no snapshot at that time (the API was down) or the snapshot has no value for it (its
 * replica was down or replaced).
 */
function staleAfter(w: HistoryWindow, values: readonly number[], i: number): number {
  if (!w.staleMarkers) return NaN;
  const times = w.log.times;
  const missed = times[i] + w.stepMs;
  if (i + 1 < times.length && times[i + 1] === missed) return Number.isNaN(values[i + 1]) && missed <= w.toMs ? missed : NaN;
  return missed <= Math.min(w.toMs, w.runEndMs) ? missed : NaN;
}

/**
 * Each column's encoded labels for the extra labels they were encoded with: a streamed push asks for the same columns
 * part after part.
 */
const encoded = new WeakMap<object, { extra: Readonly<Record<string, string>>; labels: EncodedLabels }>();

/** Labels of every column of the log, with `__name__` and the extra labels. */
function columnsOf(w: HistoryWindow): Column[] {
  return w.log.columns.map((c) => {
    const known = encoded.get(c);
    if (known?.extra === w.extraLabels) return { labels: known.labels, values: c.values };
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(w.extraLabels)) {
      // A fleet's pods carry their own instance: theirs is the one that tells replicas apart.
      if (k === INSTANCE && k in c.labels) continue;
      if (k in c.labels) throw new RangeError(`label ${k} is already a label of ${c.name}`);
      extra[k] = v;
    }
    const labels = encodeLabels({ __name__: c.name, ...c.labels, ...extra });
    encoded.set(c, { extra: w.extraLabels, labels });
    return { labels, values: c.values };
  });
}

/** Series and samples the window will send (for a progress bar's total); `sending` gets each column that has some. */
export function historySize(w: HistoryWindow, sending?: (column: number) => void): { series: number; samples: number } {
  const { first, end } = windowRows(w);
  let samples = 0;
  let series = 0;
  w.log.columns.forEach((c, k) => {
    let n = 0;
    for (let i = first; i < end; i++) {
      if (Number.isNaN(c.values[i])) continue;
      n += Number.isNaN(staleAfter(w, c.values, i)) ? 1 : 2;
    }
    samples += n;
    if (n > 0) {
      series++;
      sending?.(k);
    }
  });
  return { series, samples };
}

/**
 * The window's requests in time order. Each holds at most `maxSamplesPerRequest` samples and spans less than
 * MAX_REQUEST_SPAN_MS; a shard never holds more series than fit in one request with their stale markers, so every
 * row fits in a request.
 */
export function* historyRequests(w: HistoryWindow, b: Batching): Generator<PlannedRequest> {
  if (!(Number.isInteger(b.maxSamplesPerRequest) && b.maxSamplesPerRequest >= 2)) throw new RangeError('at least 2 samples per request');
  const columns = columnsOf(w);
  const rows = windowRows(w);
  if (columns.length === 0 || rows.end === rows.first) return;
  const shardCount = Math.min(columns.length, Math.max(b.concurrency, Math.ceil((2 * columns.length) / b.maxSamplesPerRequest)));
  const shards: Shard[] = Array.from({ length: shardCount }, (_, index) => ({ index, columns: [], nextRow: rows.first }));
  columns.forEach((c, i) => shards[i % shardCount].columns.push(c));
  for (;;) {
    let shard: Shard | undefined;
    for (const s of shards) if (s.nextRow < rows.end && (!shard || s.nextRow < shard.nextRow)) shard = s;
    if (!shard) return;
    const request = nextRequest(w, shard, rows, b.maxSamplesPerRequest);
    if (request) yield request;
  }
}

/** Samples of a shard's row `i`: its values, plus a stale marker after each value its next scrape lacks. */
function rowSamples(w: HistoryWindow, shard: Shard, i: number): number {
  let n = 0;
  for (const c of shard.columns) if (!Number.isNaN(c.values[i])) n += Number.isNaN(staleAfter(w, c.values, i)) ? 1 : 2;
  return n;
}

function nextRequest(w: HistoryWindow, shard: Shard, rows: ReturnType<typeof windowRows>, max: number): PlannedRequest | null {
  const times = w.log.times;
  const start = shard.nextRow;
  let end = start;
  let samples = 0;
  while (end < rows.end) {
    if (end > start && times[end] - times[start] >= MAX_REQUEST_SPAN_MS) break;
    const n = rowSamples(w, shard, end);
    if (samples + n > max && end > start) break;
    samples += n;
    end++;
  }
  shard.nextRow = end;
  if (samples === 0) return null;
  const series: SeriesSamples[] = [];
  for (const c of shard.columns) {
    let n = 0;
    for (let i = start; i < end; i++) if (!Number.isNaN(c.values[i])) n += Number.isNaN(staleAfter(w, c.values, i)) ? 1 : 2;
    if (n === 0) continue;
    const timestamps = new Array<number>(n);
    const values = new Float64Array(n);
    let k = 0;
    for (let i = start; i < end; i++) {
      const v = c.values[i];
      if (Number.isNaN(v)) continue;
      timestamps[k] = times[i];
      values[k++] = v;
      const staleAt = staleAfter(w, c.values, i);
      if (!Number.isNaN(staleAt)) {
        timestamps[k] = staleAt;
        markStale(values, k++);
      }
    }
    series.push({ labels: c.labels, timestamps, values });
  }
  return { shard: shard.index, series, samples, firstMs: times[start], lastMs: times[end - 1] };
}
