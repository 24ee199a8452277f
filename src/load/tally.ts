/**
 * What a load run measured: every arrival is counted exactly once as dropped or sent, and every sent request
 * exactly once as answered, failed or aborted. Fixed memory: counters, bounded maps and HDR histograms.
 */
import { FAILURE_KINDS, failureKind, isUnreachable, type FailureKind } from './failures.js';
import { LatencyHistogram } from './latency-histogram.js';

/**
 * Why an arrival found every in-flight slot taken: the generator itself was behind schedule (the slots are held by
 * answers it has not read yet), else judged by the last request that ended before it.
 */
export type DropReason = 'generator_late' | 'slow_answers' | 'target_down' | 'errors';

/** A drop this late after its due time is blamed on the generator (its own CPU), not on the target. */
export const GENERATOR_LATE_MS = 50;

/** A send later than this after its due time counts as late (the timer's granularity is 1 ms). */
export const LATE_SEND_MS = 10;

/** Distinct `source` values kept; any API may answer anything, the report stays small. */
const MAX_SOURCES = 32;

/** The counters `absorb` adds up. */
const SUMMED = ['due', 'sent', 'inFlight', 'connectionsOpened', 'answered', 'succeeded', 'good', 'openAtStop', 'finishedInGrace', 'aborted', 'lateSends'] as const;

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
const latest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

export class LoadTally {
  due = 0;
  sent = 0;
  readonly dropped: Record<DropReason, number> = { generator_late: 0, slow_answers: 0, target_down: 0, errors: 0 };
  inFlight = 0;
  peakInFlight = 0;
  connectionsOpened = 0;
  answered = 0;
  /** Answers with a 2xx status. */
  succeeded = 0;
  /** 2xx answers whose latency from the due time met the objective: the goodput. */
  good = 0;
  readonly statusCodes: Record<string, number> = {};
  readonly sources: Record<string, number> = {};
  readonly failures = Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>;
  /** Requests open when sending stopped, and what became of them. */
  openAtStop = 0;
  finishedInGrace = 0;
  aborted = 0;
  /** The longest an aborted request had waited since its due time. */
  abortedWaitedMs = 0;
  lateSends = 0;
  firstDueMs: number | null = null;
  lastDueMs: number | null = null;
  firstSendMs: number | null = null;
  lastSendMs: number | null = null;
  /** From the due time to the end of the answer: what a user arriving then would have waited. */
  readonly latency = new LatencyHistogram();
  /** From the request going on the wire to the end of the answer: the target's own time. */
  readonly service = new LatencyHistogram();
  /** From the due time to the request going on the wire: what the target saw (the generator's lag, or a wait for a connection). */
  readonly sendLag = new LatencyHistogram();
  /** From the due time to the generator reaching the arrival: its own lateness (its CPU), whatever the connections. */
  readonly generatorLag = new LatencyHistogram();
  private lastOutcome: 'answer' | 'unreachable' | 'failed' = 'answer';
  private stopped = false;

  /** `objectiveMs`: the latency (from the due time) a 2xx answer must meet to count as goodput. */
  constructor(readonly objectiveMs = Infinity) {}

  /** An arrival that found the cap reached when the generator got to it at `nowMs`. */
  drop(dueMs: number, nowMs: number): void {
    this.arrive(dueMs);
    this.dropped[this.dropReason(dueMs, nowMs)] += 1;
  }

  private dropReason(dueMs: number, nowMs: number): DropReason {
    if (nowMs - dueMs > GENERATOR_LATE_MS) return 'generator_late';
    if (this.lastOutcome === 'unreachable') return 'target_down';
    return this.lastOutcome === 'failed' ? 'errors' : 'slow_answers';
  }

  /** An arrival handed to a connection at `sentMs` (it goes on the wire then, or after the request ahead of it). */
  send(dueMs: number, sentMs: number): void {
    this.arrive(dueMs);
    this.sent += 1;
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    this.firstSendMs ??= sentMs;
    this.lastSendMs = sentMs;
    this.generatorLag.record(sentMs - dueMs);
  }

  /**
   * A request went on the wire at `wireMs`: its lateness is the generator's own delay plus any wait behind another
   * request for its connection — either way the target saw it that late.
   */
  written(dueMs: number, wireMs: number): void {
    this.sendLag.record(wireMs - dueMs);
    if (wireMs - dueMs > LATE_SEND_MS) this.lateSends += 1;
  }

  answer(dueMs: number, sentMs: number, doneMs: number, status: number, source: string | null): void {
    this.end();
    this.lastOutcome = 'answer';
    this.answered += 1;
    this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    if (source !== null) {
      const key = source in this.sources || Object.keys(this.sources).length < MAX_SOURCES ? source : 'other';
      this.sources[key] = (this.sources[key] ?? 0) + 1;
    }
    this.latency.record(doneMs - dueMs);
    this.service.record(doneMs - sentMs);
    if (status >= 200 && status < 300) {
      this.succeeded += 1;
      if (doneMs - dueMs <= this.objectiveMs) this.good += 1;
    }
  }

  failure(error: unknown): void {
    this.end();
    const kind = failureKind(error);
    this.lastOutcome = isUnreachable(kind) ? 'unreachable' : 'failed';
    this.failures[kind] += 1;
  }

  /** A request still open after the grace period (or at Ctrl-C), cut by the generator. */
  abort(dueMs: number, nowMs: number): void {
    this.inFlight -= 1;
    this.aborted += 1;
    this.abortedWaitedMs = Math.max(this.abortedWaitedMs, nowMs - dueMs);
  }

  /** Sending is over: what is still in flight now is "open at stop". */
  stop(): void {
    this.stopped = true;
    this.openAtStop = this.inFlight;
  }

  /**
   * Adds what another tally of the same run counted (`load --workers`: one tally per worker thread, structured-cloned
   * back, so `other` has the fields of a LoadTally without its methods). Counts add, histograms merge exactly.
   */
  absorb(other: LoadTally): void {
    for (const key of SUMMED) this[key] += other[key];
    this.peakInFlight += other.peakInFlight; // an upper bound: the workers' peaks need not coincide
    this.abortedWaitedMs = Math.max(this.abortedWaitedMs, other.abortedWaitedMs);
    for (const k of Object.keys(this.dropped) as DropReason[]) this.dropped[k] += other.dropped[k];
    for (const k of FAILURE_KINDS) this.failures[k] += other.failures[k];
    for (const [code, n] of Object.entries(other.statusCodes)) this.statusCodes[code] = (this.statusCodes[code] ?? 0) + n;
    for (const [source, n] of Object.entries(other.sources)) this.sources[source] = (this.sources[source] ?? 0) + n;
    this.firstDueMs = earliest(this.firstDueMs, other.firstDueMs);
    this.firstSendMs = earliest(this.firstSendMs, other.firstSendMs);
    this.lastDueMs = latest(this.lastDueMs, other.lastDueMs);
    this.lastSendMs = latest(this.lastSendMs, other.lastSendMs);
    this.latency.add(other.latency);
    this.service.add(other.service);
    this.sendLag.add(other.sendLag);
    this.generatorLag.add(other.generatorLag);
  }

  get droppedTotal(): number {
    return Object.values(this.dropped).reduce((sum, n) => sum + n, 0);
  }

  get failed(): number {
    return Object.values(this.failures).reduce((s, n) => s + n, 0);
  }

  private arrive(dueMs: number): void {
    this.due += 1;
    this.firstDueMs ??= dueMs;
    this.lastDueMs = dueMs;
  }

  /** A request ended with an answer or a failure. */
  private end(): void {
    this.inFlight -= 1;
    if (this.stopped) this.finishedInGrace += 1;
  }
}
