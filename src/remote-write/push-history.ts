/**
 * `lunar-sim push`: a scenario's history (the sampled metrics of a virtual run) sent to a remote-write receiver in
 * time order, with job/instance labels and stale markers where the API was down.
 */
import type { SampleLog } from '../metrics/sample-log.js';
import { seriesEstimate } from '../runtime/series-estimate.js';
import { startVirtualRun } from '../runtime/virtual-run.js';
import { formatDuration } from '../core/units.js';
import { RemoteWriteError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import type { RemoteWriteClient } from './client.js';
import { historyRequests, historySize, type HistoryWindow } from './history-requests.js';
import { sendInOrder, type Pace, type SendProgress } from './send-in-order.js';
import { planHistory, type HistoryPlan, type PushSpan } from './time-axis.js';

export interface PushOptions extends PushSpan {
  seed?: number;
  /** job and instance, and any other label to add to every series. */
  labels: Readonly<Record<string, string>>;
  maxSamplesPerRequest: number;
  concurrency: number;
  staleMarkers: boolean;
  /** An average rate to keep to (a receiver's ingestion limit). */
  pace?: Pace;
  /** Wall clock, ms: to refuse a history that would end in the future. */
  nowMs: number;
  signal?: AbortSignal;
  /** Data time simulated between two sends (default PART_MS). */
  partMs?: number;
}

export interface PushHooks {
  /**
   * The push is planned: about `samples` will be sent (every series at every step: more than a run with down time
   * sends, less than one with many stale markers). The run is simulated as it is sent.
   */
  onPlanned?: (plan: { series: number; samples: number; fromMs: number; toMs: number }) => void;
  onSent?: (p: SendProgress) => void;
}

export interface PushSummary {
  series: number;
  samples: number;
  requests: number;
  retries: number;
  /** Bytes sent (snappy-compressed) and before compression. */
  bytes: number;
  rawBytes: number;
  simulateSeconds: number;
  sendSeconds: number;
  fromMs: number;
  toMs: number;
}

/** Prometheus' words (and Mimir's, VictoriaMetrics') for a sample older than the series or the head allows. */
const TOO_OLD = /out of bounds|out of order|too old|sample timestamp out of order/i;

/** A refusal for old samples gets the likely cause: the receiver already holds newer data for these series. */
function withHint(e: unknown): unknown {
  if (!(e instanceof RemoteWriteError) || !e.refused || !TOO_OLD.test(e.message)) return e;
  return new RemoteWriteError(
    `${e.message} (the receiver holds newer samples than this history: push into an empty TSDB, move it with ` +
      '--start-at, or give the receiver an out-of-order window; see docs/cli.md)',
    true,
  );
}

/** Scenario time of wall-clock `ms` in `plan`, as `--from` reads it (`-20m`, `1h5m`). */
function scenarioTimeOf(ms: number, plan: HistoryPlan): string {
  const t = ms - plan.scenario.start;
  return t < 0 ? `-${formatDuration(-t)}` : formatDuration(t);
}

/**
 * A push that gave up says where to take it up again: the scenario time before which every sample is stored, and
 * the flags that send the rest of the same history (the same simulation: `--from` inside the warm-up changes nothing
 * of the run, and `--start-at` keeps time 0 where it was). When one shard got further than another before the end,
 * the resumed push sends some series' samples again: a receiver must then take samples older than its newest.
 */
function withResume(e: unknown, stopped: { storedBeforeMs: number; newestMs: number }, plan: HistoryPlan, startAtGiven: boolean): unknown {
  if (!(e instanceof RemoteWriteError)) return e;
  const { storedBeforeMs, newestMs } = stopped;
  if (storedBeforeMs <= plan.fromMs) return new RemoteWriteError(`${e.message}; nothing was stored`, e.refused);
  const from = scenarioTimeOf(storedBeforeMs, plan);
  const at = new Date(storedBeforeMs).toISOString();
  const resume = `--from ${from}${startAtGiven ? ` --start-at ${at}` : ''}`;
  const ahead = newestMs >= storedBeforeMs;
  const stored = ahead ? `is stored, and some series up to ${scenarioTimeOf(newestMs, plan)}` : 'is stored, none after';
  const overlap = ahead ? ' (the receiver must then take those series\' older samples again: Prometheus needs an out-of-order window, see docs/cli.md)' : '';
  return new RemoteWriteError(`${e.message}; every sample before scenario time ${from} (${at}) ${stored}: send the rest with ${resume}${overlap}`, e.refused);
}

/** Exposed series of a run of `scenario` (each bucket, _sum and _count apart; every pod of a fleet), before it runs. */
export function seriesAcrossPods(scenario: Scenario): number {
  const e = seriesEstimate(scenario);
  return e.perPod * e.pods;
}

/** The window a push sends, once its run is simulated. */
export function historyWindow(scenario: Scenario, log: SampleLog, fromMs: number, toMs: number, o: Pick<PushOptions, 'labels' | 'staleMarkers'>): HistoryWindow {
  return {
    log,
    fromMs,
    toMs,
    stepMs: scenario.step,
    runEndMs: scenario.start + scenario.duration,
    extraLabels: o.labels,
    staleMarkers: o.staleMarkers,
  };
}

/**
 * Data time simulated between two sends. A push holds this much of the run (plus one snapshot), not all of it: 30
 * days take the memory of 6 hours.
 */
export const PART_MS = 6 * 3_600_000;

/**
 * Simulates `scenario` over the span asked for and sends it through `client`, a part at a time: each part's samples
 * are sent (in time order, as one history) before the next part is simulated, and then forgotten.
 */
export async function pushHistory(scenario: Scenario, client: RemoteWriteClient, o: PushOptions, hooks: PushHooks = {}): Promise<PushSummary> {
  const plan = planHistory(scenario, o, o.nowMs, seriesAcrossPods);
  const run = startVirtualRun(plan.scenario, { seed: o.seed });
  const log = run.log;
  const step = plan.scenario.step;
  const series = seriesAcrossPods(plan.scenario);
  hooks.onPlanned?.({ series, samples: series * (Math.floor((plan.toMs - plan.fromMs) / step) + 1), fromMs: plan.fromMs, toMs: plan.toMs });
  const seriesSent = new Set<number>();
  const total = { samples: 0, requests: 0, simulateSeconds: 0, sendSeconds: 0 };
  const stopped = { storedBeforeMs: plan.fromMs, newestMs: NaN };
  const onStopped = (storedBeforeMs: number, newestMs: number): void => void Object.assign(stopped, { storedBeforeMs, newestMs });
  const onSent = (p: SendProgress): void => hooks.onSent?.({ samples: total.samples + p.samples, requests: total.requests + p.requests, lastMs: p.lastMs });
  const part = o.partMs ?? PART_MS;
  for (;;) {
    // A push stopped between two parts sends no further part.
    if (o.signal?.aborted) throw o.signal.reason;
    const t0 = performance.now();
    run.sampleThrough((Number.isNaN(run.sampledTo) ? run.from : run.sampledTo) + part);
    total.simulateSeconds += (performance.now() - t0) / 1000;
    const ended = run.sampledTo >= run.to || run.sampledTo > plan.toMs;
    // Every snapshot but the last, whose stale markers its successor decides; all of them once the run has ended.
    const rowsToMs = ended ? plan.toMs : log.times[log.times.length - 2] ?? -Infinity;
    const window = { ...historyWindow(plan.scenario, log, plan.fromMs, plan.toMs, o), rowsToMs };
    if (rowsToMs >= plan.fromMs) {
      historySize(window, (column) => seriesSent.add(column));
      const sent = await sendInOrder(historyRequests(window, o), client, { concurrency: o.concurrency, pace: o.pace, signal: o.signal, onSent, onStopped }).catch(
        (e: unknown) => {
          throw withResume(withHint(e), stopped, plan, o.startAt !== undefined);
        },
      );
      total.samples += sent.samples;
      total.requests += sent.requests;
      total.sendSeconds += sent.seconds;
    }
    if (ended) break;
    log.dropFirstRows(log.times.length - 1);
  }
  const s = client.stats;
  return {
    series: seriesSent.size,
    samples: total.samples,
    requests: total.requests,
    retries: s.retries,
    bytes: s.bytes,
    rawBytes: s.rawBytes,
    simulateSeconds: total.simulateSeconds,
    sendSeconds: total.sendSeconds,
    fromMs: plan.fromMs,
    toMs: plan.toMs,
  };
}
