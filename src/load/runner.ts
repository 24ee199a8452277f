/**
 * The open-model load generator behind `lunar-sim load`. Requests go out when the schedule says, whatever the
 * answers take; an arrival that finds `maxInFlight` requests open is dropped and counted (k6's
 * `dropped_iterations`), never queued. Latency is measured from the due time, so a late send is part of what the
 * user waited (no coordinated omission), and from the actual send, which is the target's own time.
 *
 * Built on undici's Pool with one connection per in-flight slot (HTTP/1.1 without pipelining): no request waits for a
 * connection another request holds.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Pool } from 'undici';
import { LoadRefusedError } from '../errors.js';
import { INTERPRETATIONS_PATH } from '../server/generation-plugin.js';
import { arrivalTimes, type ArrivalProcess } from './arrivals.js';
import { payloadGenerator } from './payload.ts';
import { scheduleDurationMs, type Schedule } from './schedule.js';
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

/** The warm-up request's own timeout: a target that does not answer it still gets the run. */
const WARM_UP_MS = 2000;

/** Answers larger than this are not parsed for their `source`, only drained. */
const MAX_PARSED_BODY = 1 << 20;

/**
 * Runs the plan to its end: the schedule (or `requests`) is exhausted, the open requests finish or are aborted
 * after the grace period. Throws LoadRefusedError on a 401/403, after stopping everything.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadRun> {
  return new OpenModelRun(plan).run();
}

class OpenModelRun {
  private readonly tally: LoadTally;
  private readonly pool: Pool;
  /** Set when the open requests are being cut: their errors count as aborted, not failed. */
  private aborting = false;
  private readonly nextBody: ReturnType<typeof payloadGenerator>;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  private t0 = 0;
  private refusedWith: number | null = null;
  private stopSending: (reason: StopReason) => void = () => {};
  private whenIdle: (() => void) | null = null;

  constructor(private readonly plan: LoadPlan) {
    this.tally = new LoadTally(plan.objectiveMs);
    const url = new URL(plan.url);
    this.path = `${url.pathname}${url.search}`;
    this.headers = { 'content-type': 'application/json', ...(plan.token ? { authorization: `Bearer ${plan.token}` } : {}) };
    this.nextBody = payloadGenerator(plan.seed);
    this.pool = new Pool(url.origin, {
      connections: plan.maxInFlight,
      pipelining: 1,
      headersTimeout: plan.timeoutMs,
      bodyTimeout: plan.timeoutMs,
      connectTimeout: Math.min(10_000, plan.timeoutMs),
    });
    this.pool.on('connect', () => (this.tally.connectionsOpened += 1));
  }

  async run(): Promise<LoadRun> {
    await this.warmUp();
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

  /**
   * One GET on the endpoint before the clock starts, its answer ignored: undici compiles its HTTP parser on the first
   * connection (~100 ms of blocked event loop), which would otherwise make the first arrivals late. The connection it
   * opens is then reused by the first arrival.
   */
  private async warmUp(): Promise<void> {
    try {
      // Bounded as a whole (a target that accepts no connection would otherwise hold it for the connect timeout).
      const signal = AbortSignal.any([AbortSignal.timeout(WARM_UP_MS), ...(this.plan.signal ? [this.plan.signal] : [])]);
      const response = await this.pool.request({ path: this.path, method: 'GET', signal });
      await response.body.dump();
      // The pool marks the connection free on the next turn of the loop: wait for it, or the first arrival opens another.
      await nextTurn();
    } catch {
      // A target that is down shows in the run itself.
    }
  }

  private now(): number {
    return performance.now() - this.t0;
  }

  /** Sends every arrival at its due time; resolves when the schedule, the request count or the signal ends it. */
  private sendAll(): Promise<StopReason> {
    const { signal, requests = Infinity } = this.plan;
    const due = arrivalTimes(this.plan.schedule, this.plan.arrivals, this.plan.seed);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (reason: StopReason): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.stopSending = () => {};
        resolve(reason);
      };
      const onAbort = (): void => finish('interrupted');
      if (signal?.aborted) return finish('interrupted');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.stopSending = finish;
      let next = due.next();
      const tick = (): void => {
        const now = this.now();
        while (!next.done && next.value <= now) {
          this.arrive(next.value);
          if (this.tally.due >= requests) return finish('requests');
          next = due.next();
        }
        // The schedule lasts its whole duration even when its last arrival came earlier.
        const wakeAt = next.done ? scheduleDurationMs(this.plan.schedule) : next.value;
        if (next.done && wakeAt <= now) return finish('schedule');
        timer = setTimeout(tick, wakeAt - now);
      };
      tick();
    });
  }

  private arrive(dueMs: number): void {
    const sentMs = this.now();
    if (this.tally.inFlight >= this.plan.maxInFlight) return this.tally.drop(dueMs, sentMs);
    this.tally.send(dueMs, sentMs);
    void this.exchange(dueMs, sentMs);
  }

  private async exchange(dueMs: number, sentMs: number): Promise<void> {
    try {
      const response = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(this.nextBody()),
      });
      const size = Number(response.headers['content-length'] ?? 0);
      const parse = response.statusCode === 200 && size <= MAX_PARSED_BODY;
      const text = parse ? await response.body.text() : (await response.body.dump(), null);
      this.tally.answer(dueMs, sentMs, this.now(), response.statusCode, text === null ? null : sourceOf(text));
      if (response.statusCode === 401 || response.statusCode === 403) this.refuse(response.statusCode);
    } catch (error) {
      if (this.aborting) this.tally.abort(dueMs, this.now());
      else this.tally.failure(error);
    }
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

/** The `source` an answer names, `unparsable` when it is not JSON with a string `source`. */
function sourceOf(text: string): string {
  try {
    const source = (JSON.parse(text) as { source?: unknown }).source;
    return typeof source === 'string' ? source.slice(0, 64) : 'unparsable';
  } catch {
    return 'unparsable';
  }
}
