/**
 * From observations to the parameters of a scenario: each a share of what was counted (binomial standard error), or
 * the traffic and latency laws (traffic-fit.ts, latency-fit.ts). Parameters the metrics cannot tell are the model's
 * defaults, and the report says which.
 */
import { TIMEOUT } from '../model/generation.js';
import { DEFAULT_PROFILE } from '../scenario/defaults.js';
import type { TimeRange } from '../backtest/time-range.js';
import { share, type Estimate } from './estimate.js';
import { fitLatency, type LatencyFit } from './latency-fit.js';
import type { Observations } from './observations.js';
import { fitTraffic, type TrafficFit } from './traffic-fit.js';

/** Successful calls below which the latency law is left at its defaults: too few to place 20 buckets. */
const MIN_CALLS_FOR_LATENCY = 100;

export interface CalibrationFit {
  range: TimeRange;
  generations: number;
  claudeCalls: number;
  traffic: TrafficFit;
  cacheHitRatio: Estimate;
  models: Record<string, Estimate>;
  /** Per Claude call, by error type (not `timeout`, which the latency law and hangs produce). */
  errors: Record<string, Estimate>;
  hangProbability: Estimate;
  /** Calls cut at the client timeout, per call: a consequence of the latency law, reported for comparison. */
  timeoutShare: Estimate;
  templateAvailability: Estimate;
  outputMedian: Estimate;
  latency: LatencyFit | null;
  replicas: number;
  notes: string[];
}

function sum(r: Record<string, number>): number {
  return Object.values(r).reduce((a, b) => a + b, 0);
}

/** Fits every parameter calibrate writes. */
export function fitObservations(range: TimeRange, o: Observations): CalibrationFit {
  const notes: string[] = [];
  const generations = sum(o.bySource);
  const cached = o.bySource.db_temporal ?? 0;
  const calls = generations - cached;
  const successes = o.bySource.claude ?? 0;
  const modelTotal = sum(o.byModel);
  const errors: Record<string, Estimate> = {};
  for (const [type, n] of Object.entries(o.byFallbackType)) if (type !== TIMEOUT && n > 0) errors[type] = share(n, calls);
  const timeouts = o.byFallbackType[TIMEOUT] ?? 0;
  const c = DEFAULT_PROFILE.claude;
  const outputMean = successes > 0 ? o.outputTokens / successes : Number.NaN;
  const outputMedian = outputMean / Math.exp(c.output_tokens.sigma ** 2 / 2);
  let latency: LatencyFit | null = null;
  const buckets = o.claudeBuckets;
  if (successes >= MIN_CALLS_FOR_LATENCY && buckets.length > 1 && Number.isFinite(outputMedian)) {
    latency = fitLatency({
      bounds: buckets.filter((b) => Number.isFinite(b.le)).map((b) => b.le),
      cumulative: buckets.map((b) => b.count),
      outputMedian,
      sigmas: { ttft: c.ttft.sigma, output: c.output_tokens.sigma, speed: c.tokens_per_second.sigma },
      outputMax: c.output_tokens.max,
      timeoutSeconds: c.timeout,
    });
  } else notes.push(`latency: ${Math.round(successes)} successful Claude calls (fewer than ${MIN_CALLS_FOR_LATENCY}): the default latency law is kept`);
  const traffic = fitTraffic(o.hourly);
  if (o.hourly.length < 24) notes.push(`traffic: ${o.hourly.length} hours of counts, less than a day: the day/night shape is barely determined`);
  if (traffic.nightFactor.value < 0) notes.push('traffic: the fitted night factor is below 0 (traffic falls faster than a cosine): written as 0');
  notes.push('not fitted (defaults kept): latency spreads (sigmas), error latency, cache and template latencies, prompt tokens, hang duration, the client timeout');
  return {
    range,
    generations,
    claudeCalls: calls,
    traffic,
    cacheHitRatio: share(cached, generations),
    models: Object.fromEntries(Object.entries(o.byModel).map(([m, n]) => [m, share(n, modelTotal)])),
    errors,
    hangProbability: share(o.hungFallbacks, calls),
    timeoutShare: share(Math.max(0, timeouts - o.hungFallbacks), calls),
    templateAvailability: share(o.bySource.db_template ?? 0, (o.bySource.db_template ?? 0) + (o.bySource.hardcoded ?? 0)),
    outputMedian: { value: outputMedian, se: (outputMedian * c.output_tokens.sigma) / Math.sqrt(Math.max(1, successes)) },
    latency,
    replicas: Math.max(1, Math.round(o.instances)),
    notes,
  };
}
