/**
 * The event loop of a run: scenario arrivals and external requests start generations; each completes at the end
 * of its simulated duration. Time only moves through `advanceTo`, driven by a virtual or a real clock, so the same
 * loop serves virtual runs, live runs and the HTTP endpoint.
 */
import { PoissonArrivals, RegularArrivals, type ArrivalProcess, type RateCurve } from '../core/arrivals.js';
import type { RandomSource, RandomStream } from '../core/random.js';
import { Scheduler } from '../core/scheduler.js';
import { drawGeneration, generationStreams, type Generation, type GenerationStreams } from './generation.js';
import type { PriceTable } from './pricing.js';
import type { Profile } from './profile.js';
import type { UserPool } from './users.js';

/** Receives what happens to generations: the metric recorder, the live status line… */
export interface GenerationSink {
  started(g: Generation): void;
  completed(g: Generation): void;
}

/** What a scenario says about every moment: the arrival rate and the profile in force. */
export interface ScenarioTimeline extends RateCurve {
  profileAt(t: number): Profile;
}

export interface SimulationOptions {
  timeline: ScenarioTimeline;
  random: RandomSource;
  prices: PriceTable;
  sink: GenerationSink;
  /** Simulated time the run starts at, ms since epoch. */
  origin: number;
  /** False when only external requests (the HTTP endpoint) make generations. */
  selfDriven?: boolean;
  /** When set, every generation gets a user from this pool. */
  users?: UserPool;
  /** `regular`: arrivals without chance, evenly spaced at the rate (default `poisson`). */
  arrivals?: 'poisson' | 'regular';
}

export class Simulation {
  private readonly timeline: ScenarioTimeline;
  private readonly prices: PriceTable;
  private readonly sink: GenerationSink;
  private readonly arrivals: ArrivalProcess | null;
  private readonly scenarioStreams: GenerationStreams;
  private readonly externalStreams: GenerationStreams;
  private readonly users: UserPool | null;
  private readonly userStreams: { scenario: RandomStream; external: RandomStream };
  private readonly inFlight = new Scheduler<Generation>();
  private readonly callbacks = new Map<Generation, (g: Generation | null) => void>();
  private time: number;

  constructor(o: SimulationOptions) {
    this.timeline = o.timeline;
    this.prices = o.prices;
    this.sink = o.sink;
    this.time = o.origin;
    this.arrivals =
      o.selfDriven === false
        ? null
        : o.arrivals === 'regular'
          ? new RegularArrivals(o.timeline, o.origin)
          : new PoissonArrivals(o.timeline, o.random.stream('arrivals'), o.origin);
    this.scenarioStreams = generationStreams(o.random);
    // External requests draw from their own streams: HTTP load never shifts the scenario's own draws.
    this.externalStreams = generationStreams(o.random, 'external/');
    this.users = o.users ?? null;
    this.userStreams = { scenario: o.random.stream('users'), external: o.random.stream('external/users') };
  }

  /** Simulated time reached so far. */
  get now(): number {
    return this.time;
  }

  /** Generations started and not yet completed. */
  get activeCount(): number {
    return this.inFlight.size;
  }

  /** Runs every arrival and completion up to and including `t`, in time order. */
  advanceTo(t: number): void {
    const arrivals = this.arrivals;
    for (;;) {
      const arrival = arrivals ? arrivals.peek(t) : null;
      const completion = this.inFlight.peekTime();
      if (completion <= t && (arrival === null || completion <= arrival)) {
        this.complete(this.inFlight.pop());
      } else if (arrival !== null) {
        arrivals!.take();
        this.start(arrival, this.scenarioStreams);
      } else {
        break;
      }
    }
    if (t > this.time) this.time = t;
  }

  /**
   * Starts one generation for an external request at the current time; `onDone` runs when it completes
   * (during a later `advanceTo`, or now when it takes no time), with null if the API crashed first.
   */
  submit(onDone: (g: Generation | null) => void): Generation {
    const g = this.start(this.time, this.externalStreams);
    this.callbacks.set(g, onDone);
    if (g.endsAt <= this.time) this.advanceTo(this.time);
    return g;
  }

  /** Drops every generation in flight without completing it: the API process died. Waiting requests get null. */
  crash(): void {
    while (this.inFlight.size > 0) this.inFlight.pop();
    const waiting = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const done of waiting) done(null);
  }

  private start(at: number, streams: GenerationStreams): Generation {
    const g = drawGeneration(at, this.timeline.profileAt(at), this.prices, streams);
    if (this.users) {
      g.userId = this.users.draw(streams === this.externalStreams ? this.userStreams.external : this.userStreams.scenario);
    }
    this.sink.started(g);
    this.inFlight.schedule(g.endsAt, g);
    return g;
  }

  private complete(g: Generation): void {
    this.sink.completed(g);
    if (this.callbacks.size === 0) return;
    const done = this.callbacks.get(g);
    if (done) {
      this.callbacks.delete(g);
      done(g);
    }
  }
}
