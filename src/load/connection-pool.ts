/**
 * The connections of a load run, sized by Little's law rather than opened one per slot: a request takes an idle
 * connection when there is one; otherwise a new connection is opened only while the pool holds fewer than twice
 * rate × latency (plus a few), and past that it waits behind the connection with the fewest requests. Opening a
 * connection costs the client far more CPU than a request on an open one: a pool sized to the in-flight cap lets a
 * short stall of the target (a GC pause) open hundreds of connections, and the generator falls behind for good.
 *
 * Latency is the larger of a moving average of the service time and the age of the oldest request still open, so
 * that a target that slows down (or answers in seconds from the start) gets its connections at once, before any
 * answer has come back. HTTP/1.1, one request at a time per connection (no pipelining).
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

/** Headroom above 2 × rate × latency: a burst of a few arrivals in one timer tick does not wait. */
const SPARE_CONNECTIONS = 8;
/** Weight of the newest service time in the moving average. */
const EWMA_WEIGHT = 0.1;

export class ConnectionPool {
  private readonly clients: Client[] = [];
  /** Requests given to each connection and not ended yet. */
  private readonly running: number[] = [];
  /** When the oldest request still open on each connection was sent (a lower bound once one has ended). */
  private readonly oldestMs: number[] = [];
  private readonly idle: number[] = [];
  private readonly isIdle: boolean[] = [];
  private serviceMs = 1;
  destroyed = false;

  constructor(private readonly origin: string, private readonly options: PoolOptions) {}

  get size(): number {
    return this.clients.length;
  }

  /**
   * Hands `request` to a connection (see the file comment for which); undici calls `x` back. `lagMs`: how late the
   * generator itself is (this request's send lag), taken off the age of the oldest open request — a client that was
   * stalled read no answer meanwhile, and opening connections would only slow it further.
   */
  dispatch(request: Dispatcher.DispatchOptions, x: Exchange, nowMs: number, lagMs = 0): void {
    const i = this.pick(nowMs, lagMs);
    x.connection = i;
    if (this.running[i] === 0) this.oldestMs[i] = nowMs;
    this.running[i] += 1;
    this.clients[i].dispatch(request, x);
  }

  /** `x` ended (answer, failure or abort) after `serviceMs` on its connection. */
  release(x: Exchange, serviceMs: number, nowMs: number): void {
    const i = x.connection;
    if (i < 0) return;
    x.connection = -1;
    this.serviceMs += EWMA_WEIGHT * (serviceMs - this.serviceMs);
    this.running[i] -= 1;
    if (this.running[i] > 0) {
      this.oldestMs[i] = nowMs;
    } else if (!this.isIdle[i]) {
      this.isIdle[i] = true;
      this.idle.push(i);
    }
  }

  /** Connections the pool may hold now: twice rate × latency (Little's law), plus spares, within the maximum. */
  allowed(nowMs: number, lagMs = 0): number {
    let oldest = nowMs;
    for (let i = 0; i < this.clients.length; i++) if (this.running[i] > 0 && this.oldestMs[i] < oldest) oldest = this.oldestMs[i];
    const latencyMs = Math.max(this.serviceMs, nowMs - oldest - lagMs);
    return Math.min(this.options.maxConnections, Math.ceil((2 * this.options.peakRate * latencyMs) / 1000) + SPARE_CONNECTIONS);
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    await Promise.all(this.clients.map((c) => c.destroy()));
  }

  private pick(nowMs: number, lagMs: number): number {
    while (this.idle.length > 0) {
      const i = this.idle.pop()!;
      this.isIdle[i] = false;
      if (this.running[i] === 0) return i;
    }
    if (this.clients.length < this.allowed(nowMs, lagMs)) return this.open();
    let best = 0;
    for (let i = 1; i < this.clients.length; i++) if (this.running[i] < this.running[best]) best = i;
    return best;
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
    this.oldestMs.push(0);
    this.isIdle.push(false);
    return this.clients.length - 1;
  }
}
