/**
 * A virtual run's samples in a throwaway Prometheus, through its own remote-write receiver: the fastest path that
 * is still real Prometheus (bench/backfill-paths.ts and docs/design.md: 3–4× promtool's OpenMetrics backfill on two
 * cores, no text written or parsed), and the only one that carries staleness — where a scrape fails (a down phase, a
 * replica down or replaced) each series gets the stale marker Prometheus writes at the first failed scrape, bit for
 * bit (remote-write/write-request.ts), so `absent()` and vanished series time as they do live.
 *
 * The samples go in time order, two shards at a time, into an empty head whose block range covers the whole run:
 * the head never compacts during the push and accepts every sample in order (Prometheus refuses a sample more than
 * half a block range behind its newest). The count Prometheus stored is checked against the count sent.
 */
import { ChildProcessError } from '../errors.js';
import type { SampleLog } from '../metrics/sample-log.js';
import type { Scratch } from '../prometheus/scratch.js';
import { startPrometheus, type PrometheusInstance } from '../prometheus/server.js';
import { DEFAULT_BACKOFF } from '../remote-write/backoff.js';
import { RemoteWriteClient, sleep } from '../remote-write/client.js';
import { historyRequests, historySize } from '../remote-write/history-requests.js';
import { sendInOrder } from '../remote-write/send-in-order.js';

/** Shards sent at once: one per core of the machine this was measured on; more only queue in Prometheus. */
const CONCURRENCY = 2;
/** Samples per request: big enough that HTTP and decoding overheads vanish, small enough to stay under 10 MB. */
const SAMPLES_PER_REQUEST = 40_000;

export interface BackfillSpan {
  /** First and last snapshot time of the run, ms. */
  fromMs: number;
  toMs: number;
  /** The run's sample step, ms: a series missing one step after a value has failed a scrape. */
  stepMs: number;
}

export interface ServedSamples {
  prometheus: PrometheusInstance;
  /** Samples stored (stale markers not counted). */
  samples: number;
  staleMarkers: number;
}

/**
 * Prometheus' block range flags for a head that holds the whole span (hidden flags, in every 2.x). Twice the span:
 * the head accepts a sample no older than half its block range behind its newest, and the series recording rules
 * write (verify/recorded-series.ts) go in after the whole run, from its first instant on.
 */
function blockRange(span: BackfillSpan): string[] {
  const hours = 2 * Math.ceil((span.toMs - span.fromMs) / 3_600_000) + 2;
  return [`--storage.tsdb.min-block-duration=${hours}h`, `--storage.tsdb.max-block-duration=${hours}h`];
}

/** Samples of the log (its values, not counting the stale markers that go with them). */
function valuesIn(log: SampleLog): number {
  let n = 0;
  for (const c of log.columns) for (const v of c.values) if (!Number.isNaN(v)) n++;
  return n;
}

/** Sum of count_over_time over every metric of the log, at the end of the span: the samples Prometheus holds. */
async function storedSamples(url: string, log: SampleLog, span: BackfillSpan): Promise<number> {
  const names = [...new Set(log.columns.map((c) => c.name))];
  const range = `${Math.ceil((span.toMs - span.fromMs) / 1000) + 1}s`;
  let total = 0;
  for (const name of names) {
    const body = new URLSearchParams({ query: `sum(count_over_time(${name}[${range}]))`, time: String(span.toMs / 1000) });
    const json = (await (await fetch(`${url}/api/v1/query`, { method: 'POST', body })).json()) as {
      status: string;
      data?: { result: { value: [number, string] }[] };
    };
    if (json.status !== 'success') throw new ChildProcessError(`Prometheus could not count the samples of ${name}`);
    total += Number(json.data?.result[0]?.value[1] ?? 0);
  }
  return total;
}

/** A remote-write client for a throwaway Prometheus of our own at `url`. */
export function localWriteClient(url: string): RemoteWriteClient {
  return new RemoteWriteClient(
    { url: `${url}/api/v1/write`, headers: {}, timeoutMs: 120_000, retries: 2, backoff: DEFAULT_BACKOFF },
    // A local receiver: no jitter is needed to keep senders apart.
    { random: () => 0.5, sleep, now: () => Date.now() },
  );
}

/** Starts a Prometheus (stopped by `scratch`) holding every sample of `log`, with stale markers where scrapes fail. */
export async function serveByRemoteWrite(prometheusBin: string, log: SampleLog, span: BackfillSpan, scratch: Scratch): Promise<ServedSamples> {
  const prometheus = await startPrometheus(prometheusBin, `${scratch.tempDir('tsdb')}/data`, scratch, undefined, [
    '--web.enable-remote-write-receiver',
    ...blockRange(span),
  ]);
  const client = localWriteClient(prometheus.url);
  const window = { log, fromMs: span.fromMs, toMs: span.toMs, stepMs: span.stepMs, runEndMs: span.toMs, extraLabels: {}, staleMarkers: true };
  await sendInOrder(historyRequests(window, { maxSamplesPerRequest: SAMPLES_PER_REQUEST, concurrency: CONCURRENCY }), client, { concurrency: CONCURRENCY });
  const values = valuesIn(log);
  const stored = await storedSamples(prometheus.url, log, span);
  if (stored !== values) throw new ChildProcessError(`Prometheus stored ${stored} samples of the ${values} sent by remote write`);
  return { prometheus, samples: stored, staleMarkers: historySize(window).samples - values };
}
