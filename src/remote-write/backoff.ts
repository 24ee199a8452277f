/**
 * How long to wait before retrying a remote-write request: exponential, capped, with "equal jitter" (half the delay
 * fixed, half drawn) so that many senders that failed together do not retry together, yet no retry comes at once.
 * The random draw is passed in: tests use a seeded stream.
 */

export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  minMs: number;
  /** Longest delay, ms; a Retry-After above it is cut to it. */
  maxMs: number;
}

/** Prometheus' own remote-write defaults are 30 ms → 5 s; a one-off push can afford a slower start. */
export const DEFAULT_BACKOFF: BackoffPolicy = { minMs: 100, maxMs: 10_000 };

/**
 * Delay before retry number `retry` (0 for the first), ms: `d = min(max, min × 2^retry)`, then `d/2 + u × d/2`
 * with `u` uniform in [0, 1). A receiver's Retry-After (ms) is honoured when longer, up to `maxMs`.
 */
export function backoffDelay(policy: BackoffPolicy, retry: number, uniform: number, retryAfterMs?: number): number {
  const d = Math.min(policy.maxMs, policy.minMs * 2 ** Math.min(retry, 30));
  const jittered = d / 2 + (uniform * d) / 2;
  return Math.round(Math.min(policy.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/** A Retry-After header (seconds, or an HTTP date) in ms from `nowMs`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
