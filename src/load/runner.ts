/**
 * The open-model load generator behind `lunar-sim load`. Requests go out when the schedule says, whatever the
 * answers take; an arrival that finds `maxInFlight` requests open is dropped and counted (k6's
 * `dropped_iterations`), never queued. Latency is measured from the due time, so a late send is part of what the
 * user waited (no coordinated omission), and from the actual send, which is the target's own time.
 *
 * Built on undici's dispatch API (callbacks, no stream per answer) over a pool of connections that grows when requests
 * wait for one (connection-pool.ts). A request's send lag runs from its due time to its going on the wire.
 */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { LoadRefusedError } from '../errors.js';
import { INTERPRETATIONS_PATH } from '../server/generation-plugin.js';
import { arrivalTimes, type ArrivalProcess } from './arrivals.js';
import { bodySource } from './bodies.js';
import { ConnectionPool } from './connection-pool.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import { peakRate, scheduleDurationMs, type Schedule } from './schedule.js';
import { warmUp } from './warm-up.js';
import { LoadTally } from './tally.js';
import type { Thresholds } from './thresholds.js';
import { redactUrl } from '../remote-write/redact.js';

export interface LoadPlan {
  /** The endpoint URL (see `endpointUrl`). */
  url: string;
  schedule: Schedule;
  arrivals: ArrivalProcess;
  /** Seeds the request bodies and the Poisson gaps. */
  seed: number;
  maxInFlight: number;
  /** Stop after this many arrivals (sent or dropped). */
  requests?: number;
  /** How long requests still open when sending stops may take to finish before they are aborted. */
  graceMs: number;
  /** One request's timeout (to its answer headers, then between body chunks). */
  timeoutMs: number;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Aborting it stops sending and aborts the open requests at once (Ctrl-C). */
  signal?: AbortSignal;
  /** A 2xx answer within this latency from its due time counts as goodput; none: every 2xx answer does. */
  objectiveMs?: number;
  /** The pass/fail criteria the report judges the run by (THRESHOLD_DEFAULTS when absent). */
  thresholds?: Thresholds;
  /** With `load --workers`: this one sends every `count`-th arrival of the schedule, from the `index`-th. */
  partition?: { index: number; count: number };
  /** Called about once a second while sending. */
  onProgress?: (tally: LoadTally, elapsedMs: number) => void;
}

/** Why sending stopped. */
export type StopReason = 'schedule' | 'requests' | 'interrupted';

export interface LoadRun {
  plan: LoadPlan;
  tally: LoadTally;
  stopReason: StopReason;
  elapsedMs: number;
}

/** The endpoint URL for a base URL or a full endpoint URL; a query string stays a query string. */
export function endpointUrl(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith(INTERPRETATIONS_PATH) ? path : `${path}${INTERPRETATIONS_PATH}`;
  return parsed.href;
}

/**
 * Runs the plan to its end: the schedule (or `requests`) is exhausted, the open requests finish or are aborted
 * after the grace period. Throws LoadRefusedError on a 401/403, after stopping everything.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadRun> {
  return new OpenModelRun(plan).run();
}

class OpenModelRun implements ExchangeOwner {
  private readonly tally: LoadTally;
  private readonly pool: ConnectionPool;
  /** Set when the open requests are being cut: their errors count as aborted, not failed. */
  private aborting = false;
  private readonly nextBody: () => Buffer;
  /** The one request description, its body swapped per request (undici copies what it needs at dispatch). */
  private readonly request: Dispatcher.DispatchOptions & { body: Buffer | null };
  /** Exchanges whose request ended, ready for the next arrival. */
  private readonly spare: Exchange[] = [];
  private t0 = 0;
  private refusedWith: number | null = null;
  private stopSending: (reason: StopReason) => void = () => {};
  private whenIdle: (() => void) | null = null;

  constructor(private readonly plan: LoadPlan) {
    this.tally = new LoadTally(plan.objectiveMs);
    const url = new URL(plan.url);
    const headers = ['content-type', 'application/json', ...(plan.token ? ['authorization', `Bearer ${plan.token}`] : [])];
    this.request = { path: `${url.pathname}${url.search}`, method: 'POST', headers, body: null };
    this.nextBody = bodySource(plan.seed);
    this.pool = new ConnectionPool(url.origin, {
      maxConnections: plan.maxInFlight,
      peakRate: peakRate(plan.schedule),
      timeoutMs: plan.timeoutMs,
      connectTimeoutMs: Math.min(10_000, plan.timeoutMs),
      onConnect: () => (this.tally.connectionsOpened += 1),
    });
  }

  async run(): Promise<LoadRun> {
    await warmUp(this.pool, this.request.path, () => performance.now(), this.plan.signal);
    this.t0 = performance.now();
    const onProgress = this.plan.onProgress;
    const progress = onProgress ? setInterval(() => onProgress(this.tally, this.now()), 1000) : undefined;
    try {
      const stopReason = await this.sendAll();
      clearInterval(progress);
      this.tally.stop();
      await this.drain(stopReason);
      if (this.refusedWith !== null) throw new LoadRefusedError(redactUrl(this.plan.url), this.refusedWith, this.plan.token !== undefined);
      return { plan: this.plan, tally: this.tally, stopReason, elapsedMs: this.now() };
    } finally {
      clearInterval(progress);
      if (!this.pool.destroyed) await this.pool.destroy();
    }
  }

  private now(): number {
    return performance.now() - this.t0;
  }

  /**
   * Sends every arrival at its due time; resolves when the schedule, the request count or the signal ends it. One
   * timer at a time: each tick sends every arrival already due (a batch at high rates, where arrivals are closer
   * than the timer's 1 ms granularity), then sleeps until the next one is due.
   */
  private sendAll(): Promise<StopReason> {
    const { signal, requests = Infinity } = this.plan;
    const { index, count } = this.plan.partition ?? { index: 0, count: 1 };
    const due = arrivalTimes(this.plan.schedule, this.plan.arrivals, this.plan.seed);
    let ordinal = 0;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let immediate: NodeJS.Immediate | undefined;
      const finish = (reason: StopReason): void => {
        clearTimeout(timer);
        clearImmediate(immediate);
        signal?.removeEventListener('abort', onAbort);
        this.stopSending = () => {};
        resolve(reason);
      };
      const onAbort = (): void => finish('interrupted');
      if (signal?.aborted) return finish('interrupted');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.stopSending = finish;
      let next = due.next();
      // A timer runs before the event loop reads the sockets: sending from it would find the connections whose
      // answers wait unread still busy, and queue behind them. The batch goes out after the reads instead.
      const tick = (): void => void (immediate = setImmediate(send));
      const send = (): void => {
        const now = this.now();
        while (!next.done && next.value <= now) {
          // With workers, each takes every count-th arrival of the one schedule.
          if (ordinal % count === index) this.arrive(next.value, now);
          ordinal += 1;
          if (ordinal >= requests) return finish('requests');
          next = due.next();
        }
        // The schedule lasts its whole duration even when its last arrival came earlier.
        const wakeAt = next.done ? scheduleDurationMs(this.plan.schedule) : next.value;
        if (next.done && wakeAt <= now) return finish('schedule');
        timer = setTimeout(tick, wakeAt - now);
      };
      send();
    });
  }

  private arrive(dueMs: number, nowMs: number): void {
    if (this.tally.inFlight >= this.plan.maxInFlight) return this.tally.drop(dueMs, nowMs);
    this.tally.send(dueMs, nowMs);
    const x = (this.spare.pop() ?? new Exchange(this)).reset(dueMs, nowMs);
    this.request.body = this.nextBody();
    this.pool.dispatch(this.request, x, nowMs);
  }

  written(x: Exchange): void {
    x.sentMs = this.now();
    this.tally.written(x.dueMs, x.sentMs);
  }

  answered(x: Exchange, status: number, source: string | null): void {
    const now = this.now();
    this.tally.answer(x.dueMs, x.sentMs, now, status, source);
    if (status === 401 || status === 403) this.refuse(status);
    this.ended(x, now);
  }

  failed(x: Exchange, error: Error): void {
    const now = this.now();
    if (this.aborting) this.tally.abort(x.dueMs, now);
    else this.tally.failure(error);
    this.ended(x, now);
  }

  private ended(x: Exchange, now: number): void {
    this.pool.release(x);
    this.spare.push(x);
    if (this.tally.inFlight === 0) this.whenIdle?.();
  }

  /** A 401/403 will not turn into a 200 by retrying: stop now. */
  private refuse(status: number): void {
    this.refusedWith ??= status;
    this.stopSending('interrupted');
  }

  /** Lets the open requests finish within the grace period (none after Ctrl-C or a refusal), then aborts the rest. */
  private async drain(reason: StopReason): Promise<void> {
    if (this.tally.inFlight === 0) return;
    const idle = new Promise<void>((resolve) => (this.whenIdle = resolve));
    if (reason !== 'interrupted') await this.firstOf(idle, this.plan.graceMs);
    if (this.tally.inFlight > 0) {
      // Destroying the pool fails every open request at once (no abort listener per request).
      this.aborting = true;
      await this.pool.destroy();
      await idle;
    }
  }

  /** Resolves when `idle` does, `ms` have passed, or the signal aborts, whichever comes first. */
  private firstOf(idle: Promise<void>, ms: number): Promise<void> {
    const signal = this.plan.signal;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      if (signal?.aborted) done();
      void idle.then(done);
    });
  }
}
