/**
 * `lunar-sim push`: a scenario's history (the sampled metrics of a virtual run) sent to a remote-write receiver in
 * time order, with job/instance labels and stale markers where the API was down.
 */
import type { SampleLog } from '../metrics/sample-log.js';
import { seriesEstimate } from '../runtime/series-estimate.js';
import { runVirtual } from '../runtime/virtual-run.js';
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
}

export interface PushHooks {
  /** The run is simulated; `samples` are about to be sent. */
  onPlanned?: (plan: { series: number; samples: number; fromMs: number; toMs: number; simulateSeconds: number }) => void;
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

/** Simulates `scenario` over the span asked for and sends it through `client`. */
export async function pushHistory(scenario: Scenario, client: RemoteWriteClient, o: PushOptions, hooks: PushHooks = {}): Promise<PushSummary> {
  const plan = planHistory(scenario, o, o.nowMs, seriesAcrossPods);
  const t0 = performance.now();
  const run = runVirtual(plan.scenario, { seed: o.seed });
  const simulateSeconds = (performance.now() - t0) / 1000;
  const window = historyWindow(plan.scenario, run.log, plan.fromMs, plan.toMs, o);
  const size = historySize(window);
  hooks.onPlanned?.({ ...size, fromMs: plan.fromMs, toMs: plan.toMs, simulateSeconds });
  const stopped = { storedBeforeMs: plan.fromMs, newestMs: NaN };
  const onStopped = (storedBeforeMs: number, newestMs: number): void => void Object.assign(stopped, { storedBeforeMs, newestMs });
  const sent = await sendInOrder(historyRequests(window, o), client, { concurrency: o.concurrency, pace: o.pace, signal: o.signal, onSent: hooks.onSent, onStopped }).catch(
    (e: unknown) => {
      throw withResume(withHint(e), stopped, plan, o.startAt !== undefined);
    },
  );
  const s = client.stats;
  return {
    series: size.series,
    samples: sent.samples,
    requests: sent.requests,
    retries: s.retries,
    bytes: s.bytes,
    rawBytes: s.rawBytes,
    simulateSeconds,
    sendSeconds: sent.seconds,
    fromMs: plan.fromMs,
    toMs: plan.toMs,
  };
}
