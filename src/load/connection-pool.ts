/**
 * The connections of a load run. A request takes an idle connection when there is one; otherwise it waits behind the
 * connection with the fewest requests, and a new connection is opened only when the requests already waiting for one
 * hold more than QUEUE_MS of arrivals at the schedule's peak rate (at low rates, that is whenever a request would
 * wait) — at most OPEN_BURST at once, then OPENS_PER_MS. HTTP/1.1, one request at a time per connection (no
 * pipelining).
 *
 * Why the queue and not Little's law on the latency: opening a connection costs both ends far more CPU than a request
 * on an open one. Sized from latency (2 × rate × latency), a target that answers in 1 ms but stalls for 20 ms (a GC
 * pause, a busy core) asks for hundreds of connections at 10,000/s; opening them slows both ends, the latency grows,
 * and the pool grows again until the in-flight cap (measured: 1,000 connections and 3–9 % of the arrivals dropped at
 * 6,000–10,000/s, where a fixed 8–16 held 12,000/s). Waiting requests only pile up when the connections really
 * cannot carry the rate — a slow target, or one that slowed down — and then the pool grows, paced so that one stall
 * cannot open hundreds at once.
 */
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import type { Exchange } from './exchange.js';

export interface PoolOptions {
  maxConnections: number;
  /** The schedule's peak arrival rate, per second. */
  peakRate: number;
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Called each time a connection is opened. */
  onConnect: () => void;
}

/**
 * How much of the arrivals may wait for a connection before another is opened: a request that waits longer is sent
 * late (LATE_SEND_MS, 10 ms, is the run's own bound), so the queue stays well under it.
 */
export const QUEUE_MS = 5;
/** Connections opened at once when the queue asks for them (a burst of arrivals in one timer tick). */
export const OPEN_BURST = 8;
/** Connections opened per ms after a burst: 200 a second, enough for a 1,000-request cap of slow answers in 5 s. */
export const OPENS_PER_MS = 0.2;

export class ConnectionPool {
  private readonly clients: Client[] = [];
  /** Requests given to each connection and not ended yet: the first is on the wire, the others wait. */
  private readonly running: number[] = [];
  private readonly idle: number[] = [];
  private readonly isIdle: boolean[] = [];
  /** Requests given to a busy connection and not on the wire yet. */
  private waiting = 0;
  /** Connections that may be opened now (a token bucket), and when it was last filled. */
  private openTokens = OPEN_BURST;
  private tokensAtMs = 0;
  destroyed = false;

  constructor(private readonly origin: string, private readonly options: PoolOptions) {}

  get size(): number {
    return this.clients.length;
  }

  /** Requests waiting for a connection now. */
  get queued(): number {
    return this.waiting;
  }

  /** Hands `request` to a connection (see the file comment for which); undici calls `x` back. */
  dispatch(request: Dispatcher.DispatchOptions, x: Exchange, nowMs: number): void {
    const i = this.pick(nowMs);
    x.connection = i;
    if (this.running[i] > 0) this.waiting += 1;
    this.running[i] += 1;
    this.clients[i].dispatch(request, x);
  }

  /** `x` ended (answer, failure or abort): the next request on its connection, if any, goes on the wire. */
  release(x: Exchange): void {
    const i = x.connection;
    if (i < 0) return;
    x.connection = -1;
    this.running[i] -= 1;
    if (this.running[i] > 0) {
      this.waiting -= 1;
    } else if (!this.isIdle[i]) {
      this.isIdle[i] = true;
      this.idle.push(i);
    }
  }

  /** Whether the requests waiting (one more included) call for another connection: more than QUEUE_MS of arrivals. */
  wantsAnother(): boolean {
    return this.waiting + 1 > (this.options.peakRate * QUEUE_MS) / 1000 && this.clients.length < this.options.maxConnections;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    await Promise.all(this.clients.map((c) => c.destroy()));
  }

  private pick(nowMs: number): number {
    while (this.idle.length > 0) {
      const i = this.idle.pop()!;
      this.isIdle[i] = false;
      if (this.running[i] === 0) return i;
    }
    if (this.clients.length === 0 || (this.wantsAnother() && this.takeToken(nowMs))) return this.open();
    let best = 0;
    for (let i = 1; i < this.clients.length; i++) if (this.running[i] < this.running[best]) best = i;
    return best;
  }

  /** One opening from the bucket, refilled at OPENS_PER_MS up to OPEN_BURST (a clock that restarts refills nothing). */
  private takeToken(nowMs: number): boolean {
    this.openTokens = Math.min(OPEN_BURST, this.openTokens + Math.max(0, nowMs - this.tokensAtMs) * OPENS_PER_MS);
    this.tokensAtMs = nowMs;
    if (this.openTokens < 1) return false;
    this.openTokens -= 1;
    return true;
  }

  private open(): number {
    const o = this.options;
    const client = new Client(this.origin, {
      pipelining: 1,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      connectTimeout: o.connectTimeoutMs,
    });
    client.on('connect', o.onConnect);
    this.clients.push(client);
    this.running.push(0);
    this.isIdle.push(false);
    return this.clients.length - 1;
  }
}
