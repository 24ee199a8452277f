/**
 * The Prometheus HTTP query API, for range queries over backfilled data. Long ranges are split: Prometheus refuses
 * more than 11,000 points per series in one query.
 */
import { formatDuration } from '../core/units.js';
import { ChildProcessError } from '../errors.js';
import { childTimeoutMs } from './exec.js';

export interface RangeSeries {
  labels: Record<string, string>;
  /** Evaluation time (ms) → value. Steps where the expression was empty are absent. */
  points: Map<number, number>;
}

/** Points per series in one range query: under the 11,000 Prometheus accepts. */
export const MAX_POINTS_PER_QUERY = 10_000;
/** One query over 10,000 points answers in well under a second here; a Prometheus that hangs must not hang verify. */
const QUERY_TIMEOUT_MS = 120_000;

interface MatrixResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
}

/** How to reach a query API that is not a throwaway Prometheus of our own (backtest: production, with auth). */
export interface QueryOptions {
  /** Sent with every query (Authorization, X-Scope-OrgID…). */
  headers?: Record<string, string>;
}

/** Evaluates `expr` at every `stepMs` from `startMs` to `endMs` inclusive; series keyed by their label set. */
export async function queryRange(baseUrl: string, expr: string, startMs: number, endMs: number, stepMs: number, options: QueryOptions = {}): Promise<RangeSeries[]> {
  const byKey = new Map<string, RangeSeries>();
  for (let from = startMs; from <= endMs; from += MAX_POINTS_PER_QUERY * stepMs) {
    const to = Math.min(endMs, from + (MAX_POINTS_PER_QUERY - 1) * stepMs);
    const body = new URLSearchParams({ query: expr, start: String(from / 1000), end: String(to / 1000), step: `${stepMs / 1000}s` });
    const json = await post(`${baseUrl}/api/v1/query_range`, body, expr, options.headers ?? {});
    if (json.status !== 'success' || !json.data) {
      throw new ChildProcessError(`Prometheus refused the query ${JSON.stringify(expr)}: ${json.error}`);
    }
    for (const s of json.data.result) {
      const { __name__: _dropped, ...labels } = s.metric;
      const key = JSON.stringify(Object.entries(labels).sort());
      let series = byKey.get(key);
      if (!series) byKey.set(key, (series = { labels, points: new Map() }));
      for (const [t, v] of s.values) series.points.set(Math.round(t * 1000), Number(v));
    }
  }
  return [...byKey.values()];
}

async function post(url: string, body: URLSearchParams, expr: string, headers: Record<string, string>): Promise<MatrixResponse> {
  const limitMs = childTimeoutMs(QUERY_TIMEOUT_MS);
  try {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(limitMs) });
    const text = await response.text();
    let json: MatrixResponse;
    try {
      json = JSON.parse(text) as MatrixResponse;
    } catch {
      // A gateway's login page, a proxy's 502, a redirect: not the query API.
      return { status: 'error', error: `HTTP ${response.status} ${response.statusText}, not a query API answer: ${text.slice(0, 200).replace(/\s+/g, ' ')}` };
    }
    return json.status === 'success' ? json : { ...json, error: json.error ?? response.statusText };
  } catch (e) {
    if ((e as Error).name === 'TypeError') {
      // fetch's "fetch failed": refused, reset, unknown host — a message, not a stack trace.
      const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
      throw new ChildProcessError(`${new URL(url).origin} did not answer the query API: ${cause}`);
    }
    if ((e as Error).name !== 'TimeoutError') throw e;
    throw new ChildProcessError(`Prometheus did not answer the query ${JSON.stringify(expr)} within ${formatDuration(limitMs)}`);
  }
}
