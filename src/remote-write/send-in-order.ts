/**
 * Sends planned requests with bounded concurrency while keeping each shard's requests in order: a request waits
 * for its shard's previous one (which may be retrying), and the planner's order is followed, so one slow shard holds
 * the others back instead of letting them run ahead in data time. A request also waits while a request in flight
 * starts more than MAX_LAG_MS before its end: across a gap in the data (a down phase) the planner's order alone
 * would let the data after it be taken before the data before it, which Prometheus refuses as out of bounds. The
 * first refusal stops the push: what is in flight is aborted and nothing more is sent.
 */
import { performance } from 'node:perf_hooks';
import type { RemoteWriteClient } from './client.js';
import type { PlannedRequest } from './history-requests.js';
import { encodeWriteRequest } from './write-request.js';

/**
 * How far behind the newest sample a receiver may be sent one: Prometheus refuses samples an hour older than its
 * newest (out-of-order window aside); half of that leaves room for clock-free slack in what "newest" means there.
 */
export const MAX_LAG_MS = 30 * 60_000;

export interface SendProgress {
  samples: number;
  requests: number;
  /** Data time reached, ms. */
  lastMs: number;
}

/** An average rate not to exceed (a receiver's ingestion limit), with the clock and sleep it is kept by. */
export interface Pace {
  samplesPerSecond: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SendOptions {
  concurrency: number;
  pace?: Pace;
  signal?: AbortSignal;
  /** Called after each accepted request. */
  onSent?: (p: SendProgress) => void;
  /**
   * Called once when the send stops on an error, before it is thrown: every sample before `storedBeforeMs` was
   * accepted (a request that was not holds nothing older), so sending again from there leaves no gap; `newestMs` is
   * the newest sample accepted (NaN for none), past `storedBeforeMs` when one shard got further than another.
   */
  onStopped?: (storedBeforeMs: number, newestMs: number) => void;
}

export interface SendResult {
  samples: number;
  requests: number;
  seconds: number;
}

/** Sends every request of `requests` through `client`; throws the first error after stopping the rest. */
export async function sendInOrder(requests: Iterable<PlannedRequest>, client: RemoteWriteClient, o: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const abort = new AbortController();
  const stop = (): void => abort.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', stop, { once: true });
  const inFlight = new Set<Promise<void>>();
  /** First sample time of each request in flight. */
  const inFlightFirst = new Map<Promise<void>, number>();
  const lagging = (lastMs: number): boolean => [...inFlightFirst.values()].some((first) => first < lastMs - MAX_LAG_MS);
  const lastOfShard = new Map<number, Promise<void>>();
  /** First sample time of each request sent and not (yet) accepted: the oldest is where a resumed send starts. */
  const unaccepted = new Map<Promise<void>, number>();
  const progress: SendProgress = { samples: 0, requests: 0, lastMs: NaN };
  let failure: { error: unknown } | null = null;
  const paceStart = o.pace?.now() ?? 0;
  let dispatched = 0;
  try {
    for (const request of requests) {
      if (o.pace) {
        // Each request leaves when the samples before it, at the given rate, would have taken their time.
        const wait = paceStart + (dispatched / o.pace.samplesPerSecond) * 1000 - o.pace.now();
        if (wait > 0) await o.pace.sleep(wait, abort.signal).catch(() => {});
      }
      dispatched += request.samples;
      // Encoded before waiting: the CPU work overlaps the requests in flight.
      const body = encodeWriteRequest(request.series);
      await lastOfShard.get(request.shard);
      while ((inFlight.size >= o.concurrency || lagging(request.lastMs)) && !failure) await Promise.race(inFlight);
      if (failure || abort.signal.aborted) break;
      const sending: Promise<void> = client
        .send(body, abort.signal)
        .then(() => {
          unaccepted.delete(sending);
          progress.samples += request.samples;
          progress.requests++;
          progress.lastMs = Number.isNaN(progress.lastMs) ? request.lastMs : Math.max(progress.lastMs, request.lastMs);
          o.onSent?.(progress);
        })
        .catch((error: unknown) => {
          failure ??= { error };
          abort.abort(error);
        })
        .finally(() => {
          inFlight.delete(sending);
          inFlightFirst.delete(sending);
        });
      inFlight.add(sending);
      inFlightFirst.set(sending, request.firstMs);
      unaccepted.set(sending, request.firstMs);
      lastOfShard.set(request.shard, sending);
    }
    await Promise.all(inFlight);
  } finally {
    o.signal?.removeEventListener('abort', stop);
  }
  if (failure) {
    // Requests leave in the order of their first sample: none that was not sent is older than these.
    o.onStopped?.(Math.min(...unaccepted.values()), progress.lastMs);
    throw (failure as { error: unknown }).error;
  }
  if (o.signal?.aborted) throw o.signal.reason;
  return { samples: progress.samples, requests: progress.requests, seconds: (performance.now() - started) / 1000 };
}
