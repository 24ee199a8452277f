/**
 * The simulation behind a live run, advanced toward the clock in bounded slices. Scenario traffic runs per
 * generation or in aggregate (counts per step); external requests and replica transitions always run per generation.
 * No call does more than a budget of work, so a run whose rate × speed is more than one core can simulate stays
 * responsive — it falls behind instead, and says by how much (`reached` against the clock).
 */
import type { ElapsedSource } from '../core/clock.js';
import type { RandomSource } from '../core/random.js';
import { DURATION_BUCKETS } from '../metrics/catalogue.js';
import { AggregateTraffic, type OutcomeSink } from '../model/aggregate/aggregate-traffic.js';
import type { FleetListener, FleetOptions } from '../model/fleet.js';
import type { PriceTable } from '../model/pricing.js';
import { Simulation, type GenerationSink, type ScenarioTimeline } from '../model/simulation.js';
import type { UserPool } from '../model/users.js';
import type { SimulationMode } from './simulation-mode.js';

/** How much work one call may do: events per generation, steps in aggregate, and real milliseconds. */
export interface WorkBudget {
  events: number;
  steps: number;
  /** Real time, ms, measured with the engine's ElapsedSource (a test's fake clock never runs out). */
  realMs: number;
}

/** Work is done in slices this small, so the real-time budget is checked often. */
const SLICE = { events: 2_000, steps: 10 };

export interface LiveEngineOptions {
  mode: SimulationMode;
  timeline: ScenarioTimeline;
  random: RandomSource;
  prices: PriceTable;
  /** Gets every generation (per generation) and every outcome count (aggregate). */
  sink: GenerationSink & OutcomeSink & FleetListener;
  origin: number;
  /** False: only HTTP requests make generations. */
  selfDriven: boolean;
  users?: UserPool;
  arrivals?: 'poisson' | 'regular';
  fleet: FleetOptions;
  /** Simulated ms per aggregate step. */
  aggregateStepMs: number;
  elapsed: ElapsedSource;
}

export class LiveEngine {
  readonly sim: Simulation;
  readonly mode: SimulationMode;
  private readonly aggregate: AggregateTraffic | null;
  private readonly elapsed: ElapsedSource;

  constructor(o: LiveEngineOptions) {
    this.mode = o.mode;
    this.elapsed = o.elapsed;
    const aggregate = o.mode === 'aggregate' && o.selfDriven;
    this.sim = new Simulation({
      timeline: o.timeline,
      random: o.random,
      prices: o.prices,
      sink: o.sink,
      origin: o.origin,
      selfDriven: o.selfDriven && !aggregate,
      users: o.users,
      arrivals: o.arrivals,
      fleet: o.fleet,
      pods: o.sink,
    });
    this.aggregate = aggregate
      ? new AggregateTraffic({
          timeline: o.timeline,
          random: o.random,
          prices: o.prices,
          fleet: this.sim.fleet,
          balancer: o.fleet.balancer,
          sink: o.sink,
          origin: o.origin,
          binning: { stepMs: o.aggregateStepMs, buckets: DURATION_BUCKETS },
          users: o.users,
          arrivals: o.arrivals,
        })
      : null;
  }

  /** Simulated time every part of the simulation has reached. */
  get reached(): number {
    return this.sim.now;
  }

  /**
   * Moves toward `target` within `budget`; true when it got there. In aggregate, traffic comes in whole steps: the
   * per-generation part (external requests, replica transitions) goes up to `target` while the aggregate keeps up,
   * and waits for it when it falls behind, so transitions never run ahead of the traffic.
   */
  advance(target: number, budget: WorkBudget): boolean {
    const started = this.elapsed();
    let events = 0;
    let steps = 0;
    for (;;) {
      let trafficDone = true;
      let limit = target;
      if (this.aggregate) {
        trafficDone = this.aggregate.advanceTo(target, SLICE.steps);
        steps += SLICE.steps;
        if (!trafficDone) limit = this.aggregate.now;
      }
      const simDone = this.sim.advanceTo(limit, SLICE.events);
      events += SLICE.events;
      if (trafficDone && simDone) return true;
      if (events >= budget.events || steps >= budget.steps || this.elapsed() - started >= budget.realMs) return false;
    }
  }
}
