/**
 * Raw samples read back from a real Prometheus through its query API (range-vector selectors evaluated as instant
 * queries return the stored samples themselves, not step-aligned values), and the samples a virtual run holds, in
 * the same shape, to compare them exactly.
 */
import type { SampleLog } from '../../src/metrics/sample-log.js';
import { seriesKey } from './remote-write-decoder.js';

/** series key → timestamp (ms) → value. */
export type SampleMap = Map<string, Map<number, number>>;

/** Data time one query reads: small enough that a response stays a few MB. */
const WINDOW_MS = 6 * 3_600_000;

interface MatrixResponse {
  status: string;
  error?: string;
  data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
}

/**
 * Prometheus before 2.49 fails a query that overlaps an out-of-order head compaction with `cannot populate chunk …:
 * not found` (prometheus/prometheus#13115); asked again, it answers from the block the compaction wrote.
 */
const OOO_COMPACTION_RACE = /cannot populate chunk .* not found/;

async function query(prometheusUrl: string, body: URLSearchParams): Promise<MatrixResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${prometheusUrl}/api/v1/query`, { method: 'POST', body });
    const json = (await response.json()) as MatrixResponse;
    if (json.status === 'success') return json;
    if (attempt >= 5 || !OOO_COMPACTION_RACE.test(json.error ?? '')) throw new Error(`query failed: ${json.error}`);
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}

/** Every raw sample of `selector` in [fromMs, toMs], read in windows of six hours. Stale markers are not samples. */
export async function readBack(prometheusUrl: string, selector: string, fromMs: number, toMs: number): Promise<SampleMap> {
  const out: SampleMap = new Map();
  for (let end = fromMs - 1 + WINDOW_MS; ; end += WINDOW_MS) {
    const at = Math.min(end, toMs);
    const windowMs = at - (end - WINDOW_MS);
    const json = await query(prometheusUrl, new URLSearchParams({ query: `${selector}[${windowMs}ms]`, time: String(at / 1000) }));
    for (const s of json.data.result) {
      const key = seriesKey(s.metric);
      let points = out.get(key);
      if (!points) out.set(key, (points = new Map()));
      for (const [t, v] of s.values) points.set(Math.round(t * 1000), Number(v));
    }
    if (at >= toMs) return out;
  }
}

/** The samples of a virtual run's log in [fromMs, toMs], labelled as a push labels them. */
export function runSamples(log: SampleLog, fromMs: number, toMs: number, extraLabels: Record<string, string>): SampleMap {
  const out: SampleMap = new Map();
  for (const c of log.columns) {
    const points = new Map<number, number>();
    c.values.forEach((v, i) => {
      const t = log.times[i];
      if (!Number.isNaN(v) && t >= fromMs && t <= toMs) points.set(t, v);
    });
    if (points.size > 0) out.set(seriesKey({ __name__: c.name, ...c.labels, ...extraLabels }), points);
  }
  return out;
}

/** Differences between two sample maps, at most `limit` of them, as readable lines (empty: identical). */
export function sampleDifferences(expected: SampleMap, actual: SampleMap, limit = 10): string[] {
  const out: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key);
    const a = actual.get(key);
    if (!e || !a) {
      out.push(`${key}: ${e ? 'missing from Prometheus' : 'not in the run'}`);
      continue;
    }
    for (const t of new Set([...e.keys(), ...a.keys()])) {
      if (!Object.is(e.get(t), a.get(t))) out.push(`${key} @${t}: run ${e.get(t)}, Prometheus ${a.get(t)}`);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Samples in a map. */
export function sampleCount(m: SampleMap): number {
  let n = 0;
  for (const points of m.values()) n += points.size;
  return n;
}
