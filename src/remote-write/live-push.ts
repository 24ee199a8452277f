/**
 * `lunar-sim run --remote-write URL`: every interval, the live metrics as a scrape would see them, stamped with the
 * wall clock like a scrape, sent with the same client as `push`. It behaves as Prometheus does with a target:
 * while the API is down nothing is sent and every series gets a stale marker once; when the run stops, too.
 * A snapshot still being sent when the next is due makes that one skipped (counted), never queued without bound.
 */
import { RemoteWriteError } from '../errors.js';
import type { MetricDef } from '../metrics/catalogue.js';
import type { ScrapeTarget } from '../metrics/fleet-recorder.js';
import { SampleLog } from '../metrics/sample-log.js';
import type { RemoteWriteClient } from './client.js';
import { encodeLabels, encodeWriteRequest, markStale, type EncodedLabels, type SeriesSamples } from './write-request.js';

/** What a live push reads from a live run. */
export interface LiveSource {
  /** Brings the simulation up to the clock. */
  tick(): void;
  /** What a scrape of each target gives now, with its labels: none while the API is down. */
  scrapeTargets(): readonly Pick<ScrapeTarget, 'labels' | 'store'>[];
  /** The metric families, in exposition order. */
  readonly families: readonly MetricDef[];
}

export interface LivePushOptions {
  /** Real ms between snapshots. */
  intervalMs: number;
  labels: Readonly<Record<string, string>>;
  maxSamplesPerRequest: number;
  /** Wall clock, ms: the samples' timestamps. */
  now: () => number;
  /** A snapshot dropped after every retry failed; the push goes on. */
  onDropped?: (error: RemoteWriteError) => void;
}

export interface LivePushSummary {
  snapshots: number;
  samples: number;
  requests: number;
  retries: number;
  bytes: number;
  skipped: number;
  dropped: number;
}

export class LivePush {
  private readonly source: LiveSource;
  private readonly client: RemoteWriteClient;
  private readonly o: LivePushOptions;
  private readonly labelCache = new Map<string, EncodedLabels>();
  /** Series sent since the last stale marking: those a stale marker must end. */
  private readonly live = new Set<EncodedLabels>();
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private readonly counts = { snapshots: 0, samples: 0, skipped: 0, dropped: 0 };
  private halted = false;
  private rejectFailed: (e: Error) => void = () => {};
  /** Rejects when the receiver refuses the samples: a live run should then stop and say why. */
  readonly failed: Promise<never>;

  constructor(source: LiveSource, client: RemoteWriteClient, options: LivePushOptions) {
    this.source = source;
    this.client = client;
    this.o = options;
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failed.catch(() => {}); // observed through `failed` by whoever cares
  }

  /** A first snapshot now (as a scrape at start would take), then one per interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.pushOnce(), this.o.intervalMs);
    void this.pushOnce();
  }

  /** One snapshot (or the stale markers of a down API); skipped while the previous one is still being sent. */
  pushOnce(): Promise<void> {
    if (this.sending) {
      this.counts.skipped++;
      return this.sending;
    }
    this.sending = this.snapshot().finally(() => (this.sending = null));
    return this.sending;
  }

  /**
   * Stops the timer, waits for the snapshot in flight, and ends every series with a stale marker. What is still
   * retrying after `graceMs` is given up: a stopping run does not wait out a long backoff.
   */
  async stop(graceMs = 10_000): Promise<LivePushSummary> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const giveUp = setTimeout(() => this.abort.abort(new Error('stopped')), graceMs);
    try {
      await this.sending;
      await this.send(this.staleMarkers(this.o.now(), new Set()));
    } finally {
      clearTimeout(giveUp);
    }
    return this.summary();
  }

  summary(): LivePushSummary {
    const s = this.client.stats;
    return { ...this.counts, requests: s.requests, retries: s.retries, bytes: s.bytes };
  }

  private async snapshot(): Promise<void> {
    this.source.tick();
    const t = this.o.now();
    const targets = this.source.scrapeTargets();
    if (targets.length === 0) {
      await this.send(this.staleMarkers(t, new Set()));
      return;
    }
    const log = new SampleLog(this.source.families);
    log.record(t, targets);
    const series: SeriesSamples[] = [];
    const present = new Set<EncodedLabels>();
    for (const c of log.columns) {
      const v = c.values[0];
      if (Number.isNaN(v)) continue;
      const labels = this.labelsOf(c.name, c.labels);
      present.add(labels);
      series.push({ labels, timestamps: [t], values: Float64Array.of(v) });
    }
    // A replica down or replaced since the last snapshot: its series end, as a failed scrape ends them.
    series.push(...this.staleMarkers(t, present));
    for (const labels of present) this.live.add(labels);
    this.counts.snapshots++;
    await this.send(series);
  }

  /** A stale marker at `t` for every series sent since the last marking and not in `present`. */
  private staleMarkers(t: number, present: ReadonlySet<EncodedLabels>): SeriesSamples[] {
    const series: SeriesSamples[] = [];
    for (const labels of this.live) {
      if (present.has(labels)) continue;
      const values = new Float64Array(1);
      markStale(values, 0);
      series.push({ labels, timestamps: [t], values });
      this.live.delete(labels);
    }
    return series;
  }

  private labelsOf(name: string, labels: Readonly<Record<string, string>>): EncodedLabels {
    const key = JSON.stringify([name, labels]);
    let encoded = this.labelCache.get(key);
    // A fleet's pods carry their own instance: theirs tells replicas apart.
    if (!encoded) this.labelCache.set(key, (encoded = encodeLabels({ __name__: name, ...this.o.labels, ...labels })));
    return encoded;
  }

  private async send(series: SeriesSamples[]): Promise<void> {
    const max = this.o.maxSamplesPerRequest;
    if (this.halted || this.abort.signal.aborted) return;
    try {
      for (let i = 0; i < series.length; i += max) {
        const chunk = series.slice(i, i + max);
        await this.client.send(encodeWriteRequest(chunk), this.abort.signal);
        this.counts.samples += chunk.length;
      }
    } catch (e) {
      if (this.abort.signal.aborted) return;
      if (e instanceof RemoteWriteError && !e.refused) {
        this.counts.dropped++;
        this.o.onDropped?.(e);
        return;
      }
      this.halted = true;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      this.rejectFailed(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
