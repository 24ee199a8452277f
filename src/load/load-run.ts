/**
 * `lunar-sim load`: HTTP load on an interpretation endpoint (the simulator's, or any API with the same contract),
 * built on autocannon. Arrivals are paced at `rate` across enough connections that a slow answer does not hold the
 * next request back (an open model, as long as connections suffice: the report says when they did not). Every body is
 * a valid request from the seeded payload generator.
 */
import autocannon from 'autocannon';
import { INTERPRETATIONS_PATH } from '../server/generation-plugin.js';
import { payloadGenerator } from './payload.ts';

export interface LoadOptions {
  /** Base URL of the API (the endpoint path is added when missing). */
  url: string;
  /** Requests per second. */
  rate: number;
  /** Run this long (ms)… */
  durationMs?: number;
  /** …or until this many requests have completed. */
  requests?: number;
  connections?: number;
  seed?: number;
  /** Per-request timeout, seconds. */
  timeoutSeconds?: number;
  /** Shows autocannon's progress bar on this stream. */
  progress?: NodeJS.WritableStream;
}

export interface LoadReport {
  url: string;
  targetRate: number;
  connections: number;
  durationSeconds: number;
  requests: number;
  throughput: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  sources: Record<string, number>;
  errors: number;
  timeouts: number;
  /** True when the achieved rate fell more than 10 % short of the target: connections were all busy. */
  connectionBound: boolean;
}

/** The endpoint URL for a base URL or a full endpoint URL. */
export function endpointUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith(INTERPRETATIONS_PATH) ? trimmed : `${trimmed}${INTERPRETATIONS_PATH}`;
}

/** Enough connections for `rate` requests per second to wait on answers of up to ~10 s each. */
export function defaultConnections(rate: number): number {
  return Math.min(1000, Math.max(10, Math.ceil(rate * 10)));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const url = endpointUrl(o.url);
  const next = payloadGenerator(o.seed ?? 1);
  const connections = o.connections ?? defaultConnections(o.rate);
  const latencies: number[] = [];
  const sources: Record<string, number> = {};
  let finish: (err: unknown, result: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, result) => (err ? reject(err) : resolve(result));
  });
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    overallRate: o.rate,
    ...(o.requests !== undefined ? { amount: o.requests } : { duration: (o.durationMs ?? 60_000) / 1000 }),
    timeout: o.timeoutSeconds ?? 120,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: JSON.stringify(next()) }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          try {
            const source = String((JSON.parse(body) as { source?: unknown }).source ?? 'unknown');
            sources[source] = (sources[source] ?? 0) + 1;
          } catch {
            sources.unparsable = (sources.unparsable ?? 0) + 1;
          }
        },
      },
    ],
  }, (err, result) => finish(err, result));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  if (o.progress) autocannon.track(instance, { outputStream: o.progress, renderProgressBar: true, renderResultsTable: false, renderLatencyTable: false });
  const result = await done;
  const sorted = latencies.sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const requests = sorted.length;
  const throughput = requests / result.duration;
  return {
    url,
    targetRate: o.rate,
    connections,
    durationSeconds: result.duration,
    requests,
    throughput,
    latencyMs: { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 },
    statusCodes,
    sources,
    errors: result.errors,
    timeouts: result.timeouts,
    connectionBound: o.requests === undefined && throughput < 0.9 * o.rate,
  };
}
