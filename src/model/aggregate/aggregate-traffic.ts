/**
 * Scenario traffic in aggregate: instead of one generation at a time, each sampling step draws how many generations
 * arrive and how each of them ends — a Poisson count per outcome (source, model, fallback type, duration bucket,
 * completion lag), with mean = ∫rate × the replica's share × the outcome's probability. Arrivals are Poisson and
 * each generation's outcome is independent of the others, so these counts are independent Poisson variates:
 * exactly the distribution of the per-generation mode's counts, with the same pipeline probabilities
 * (outcome-table.ts). Completions are scheduled `lag` steps ahead, so the in-flight gauge (started − completed) is
 * the M/G/∞ occupancy, correlated in time as it is per generation. A replica that dies loses what it had in flight.
 * Work per step is proportional to the number of outcomes, not to the traffic.
 *
 * With regular arrivals (no chance in when requests come), the step's count is fixed and split over the outcomes by a
 * multinomial draw instead.
 *
 * Load balancing over replicas is by expected share: round-robin and random give each replica that takes traffic an
 * equal share (exact for random; round-robin's per-replica counts come out Poisson rather than evenly interleaved);
 * least-in-flight fills the replicas with the fewest generations in flight first (water-filling, per step).
 */
import { multinomial, poisson } from '../../core/count-draws.js';
import type { RandomSource, RandomStream } from '../../core/random.js';
import type { Balancer, Fleet, Pod } from '../fleet.js';
import type { PriceTable } from '../pricing.js';
import type { ScenarioTimeline } from '../simulation.js';
import type { UserPool } from '../users.js';
import { outcomeTable, type Binning, type Outcome } from './outcome-table.js';

/** Receives aggregate events: the metric recorders, the live status. */
export interface OutcomeSink {
  /** `count` generations started on `pod`. */
  arrived(pod: Pod, count: number): void;
  /** `count` generations of `outcome` completed on `pod`. */
  completedOutcomes(pod: Pod, outcome: Outcome, count: number): void;
  /** With a user label: how the step's completions of (source, model) on `pod` split over users. */
  completedByUser?(pod: Pod, source: string, model: string, counts: readonly (readonly [string, number])[]): void;
}

export interface AggregateTrafficOptions {
  timeline: ScenarioTimeline;
  random: RandomSource;
  prices: PriceTable;
  /** The replicas (shared with the per-generation simulation, which applies their transitions). */
  fleet: Fleet;
  balancer: Balancer;
  sink: OutcomeSink;
  /** Simulated time of the first step's start, ms. */
  origin: number;
  binning: Binning;
  users?: UserPool;
  /** `regular`: a step holds the arrivals whose expected count ∫rate reaches k + ½ in it, none drawn by chance. */
  arrivals?: 'poisson' | 'regular';
}

interface Pending {
  pod: Pod;
  epoch: number;
  outcome: Outcome;
  count: number;
}

/** Rate samples per step for ∫rate (midpoint rule; phases and ramps are piecewise linear). */
const RATE_SAMPLES = 8;

export class AggregateTraffic {
  private readonly o: AggregateTrafficOptions;
  private readonly counts: RandomStream;
  private readonly userStream: RandomStream;
  private readonly userProbabilities: Float64Array | null;
  private readonly pending = new Map<number, Pending[]>();
  private step = 0;
  /** ∫rate since the origin (regular arrivals). */
  private expectedSoFar = 0;
  /** Generations started so far. */
  arrivals = 0;

  constructor(o: AggregateTrafficOptions) {
    this.o = o;
    this.counts = o.random.stream('aggregate/counts');
    this.userStream = o.random.stream('aggregate/users');
    this.userProbabilities = o.users ? o.users.probabilities() : null;
  }

  /** Simulated time reached: the end of the last step done. */
  get now(): number {
    return this.o.origin + this.step * this.o.binning.stepMs;
  }

  /** Runs every whole step that ends at or before `t`; with `budget`, at most that many steps (false: more remain). */
  advanceTo(t: number, budget = Infinity): boolean {
    for (let done = 0; this.now + this.o.binning.stepMs <= t; done++) {
      if (done >= budget) return false;
      this.runStep();
    }
    return true;
  }

  private runStep(): void {
    const { timeline, binning } = this.o;
    const from = this.now;
    const mean = this.expectedArrivals(from, from + binning.stepMs);
    const k = this.step;
    const due = this.pending.get(k) ?? [];
    this.pending.delete(k);
    const open = this.o.fleet.slots.filter((p) => !p.down && !p.draining);
    const shares = this.shares(open, mean);
    const mid = from + binning.stepMs / 2;
    const regular = this.regularCounts(mean, shares);
    open.forEach((pod, i) => {
      const podMean = mean * shares[i];
      if (!(podMean > 0)) return;
      const table = outcomeTable(timeline.profileAt(mid, pod.slot), this.o.prices, binning);
      const counts = regular
        ? this.split(regular[i], table)
        : table.map((outcome) => poisson(this.counts, podMean * outcome.probability));
      let started = 0;
      for (let o = 0; o < table.length; o++) {
        const count = counts[o];
        if (count === 0) continue;
        const outcome = table[o];
        started += count;
        const entry = { pod, epoch: pod.epoch, outcome, count };
        if (outcome.lag === 0) due.push(entry);
        else {
          const at = k + outcome.lag;
          const list = this.pending.get(at);
          if (list) list.push(entry);
          else this.pending.set(at, [entry]);
        }
      }
      if (started > 0) {
        pod.inFlight += started;
        this.arrivals += started;
        this.o.sink.arrived(pod, started);
      }
    });
    this.complete(due);
    this.step++;
  }

  private complete(due: Pending[]): void {
    const byUserGroup = this.userProbabilities ? new Map<string, { pod: Pod; source: string; model: string; count: number }>() : null;
    for (const e of due) {
      // Lost with its process: a crash or restart since it started.
      if (e.epoch !== e.pod.epoch) continue;
      e.pod.inFlight -= e.count;
      this.o.sink.completedOutcomes(e.pod, e.outcome, e.count);
      if (byUserGroup) {
        const key = `${e.pod.id}\u0000${e.outcome.source}\u0000${e.outcome.model}`;
        const g = byUserGroup.get(key);
        if (g) g.count += e.count;
        else byUserGroup.set(key, { pod: e.pod, source: e.outcome.source, model: e.outcome.model, count: e.count });
      }
    }
    if (!byUserGroup) return;
    for (const g of byUserGroup.values()) this.o.sink.completedByUser?.(g.pod, g.source, g.model, this.splitOverUsers(g.count));
  }

  /** Regular arrivals: the step's fixed count, split over the open replicas by their shares; null when Poisson. */
  private regularCounts(mean: number, shares: readonly number[]): number[] | null {
    if (this.o.arrivals !== 'regular') return null;
    const before = Math.floor(this.expectedSoFar + 0.5);
    this.expectedSoFar += mean;
    const count = Math.floor(this.expectedSoFar + 0.5) - before;
    const out = shares.map(() => 0);
    multinomial(this.counts, count, shares, (i, n) => (out[i] = n));
    return out;
  }

  /** A fixed number of arrivals over the outcomes (multinomial). */
  private split(count: number, table: readonly Outcome[]): number[] {
    const out = table.map(() => 0);
    multinomial(this.counts, count, table.map((o) => o.probability), (i, n) => (out[i] = n));
    return out;
  }

  /** A multinomial split of `count` completions over the user pool (Zipf popularity). */
  private splitOverUsers(count: number): [string, number][] {
    const users = this.o.users!;
    const p = this.userProbabilities!;
    const byIndex = new Map<number, number>();
    if (count < p.length / 8) {
      // Few completions: draw each one's user (as the per-generation mode does).
      for (let i = 0; i < count; i++) {
        const u = users.drawIndex(this.userStream);
        byIndex.set(u, (byIndex.get(u) ?? 0) + 1);
      }
    } else {
      multinomial(this.userStream, count, p, (i, n) => byIndex.set(i, n));
    }
    return [...byIndex].sort((a, b) => a[0] - b[0]).map(([i, n]) => [users.ids[i], n]);
  }

  /** ∫rate over [a, b] (rates are per second, times ms). */
  private expectedArrivals(a: number, b: number): number {
    const width = (b - a) / RATE_SAMPLES;
    let sum = 0;
    for (let i = 0; i < RATE_SAMPLES; i++) sum += this.o.timeline.rateAt(a + (i + 0.5) * width);
    return (sum * width) / 1000;
  }

  /** Each open replica's expected share of the step's arrivals. */
  private shares(open: readonly Pod[], mean: number): number[] {
    if (open.length === 0) return [];
    if (this.o.balancer !== 'least-in-flight' || open.length === 1 || !(mean > 0)) return open.map(() => 1 / open.length);
    // Water-filling: arrivals go to the lowest in-flight counts first, until they are level.
    const levels = open.map((p) => p.inFlight).sort((x, y) => x - y);
    let left = mean;
    let level = levels[0];
    let i = 1;
    for (; i < levels.length; i++) {
      const need = (levels[i] - level) * i;
      if (need >= left) break;
      left -= need;
      level = levels[i];
    }
    level += left / i;
    return open.map((p) => Math.max(0, level - p.inFlight) / mean);
  }
}
