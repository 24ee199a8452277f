/**
 * The event loop of a run: scenario arrivals and external requests start generations; each completes at the end
 * of its simulated duration. Time only moves through `advanceTo`, driven by a virtual or a real clock, so the same
 * loop serves virtual runs, live runs and the HTTP endpoint.
 */
import { PoissonArrivals, RegularArrivals, type ArrivalProcess, type RateCurve } from '../core/arrivals.js';
import type { RandomSource, RandomStream } from '../core/random.js';
import { Scheduler } from '../core/scheduler.js';
import { Fleet, SINGLE_REPLICA, type FleetListener, type FleetOptions, type Pod } from './fleet.js';
import { drawGeneration, generationStreams, type Generation, type GenerationStreams } from './generation.js';
import type { PriceTable } from './pricing.js';
import type { Profile } from './profile.js';
import type { UserPool } from './users.js';

/** Receives what happens to generations: the metric recorder, the live status line… */
export interface GenerationSink {
  started(g: Generation): void;
  completed(g: Generation): void;
}

/** What a scenario says about every moment: the arrival rate and the profile in force (per replica slot). */
export interface ScenarioTimeline extends RateCurve {
  profileAt(t: number, slot?: number): Profile;
}

/** Pod lifecycles that nobody needs to hear about (a run without metrics). */
const IGNORE_PODS: FleetListener = { podCreated() {}, podRestarted() {}, podLost() {} };

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
  /** Replicas, load balancer and replica transitions; one replica by default. */
  fleet?: FleetOptions;
  /** Told when pods are created, restarted or lose their work. */
  pods?: FleetListener;
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
  private readonly balancerStreams: { scenario: RandomStream; external: RandomStream };
  private readonly inFlight = new Scheduler<Generation>();
  readonly fleet: Fleet;
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
    this.balancerStreams = { scenario: o.random.stream('balancer'), external: o.random.stream('external/balancer') };
    this.fleet = new Fleet(o.fleet ?? SINGLE_REPLICA, o.pods ?? IGNORE_PODS);
  }

  /** Simulated time reached so far. */
  get now(): number {
    return this.time;
  }

  /** Generations started and not yet completed (or lost). */
  get activeCount(): number {
    return this.fleet.inFlight;
  }

  /**
   * Runs every arrival, completion and replica transition up to and including `t`, in time order (at equal times:
   * completions, then arrivals, then transitions). With `budget`, stops after that many events and returns false
   * when events up to `t` remain: `now` is then the time of the last event handled.
   */
  advanceTo(t: number, budget = Infinity): boolean {
    const arrivals = this.arrivals;
    const fleet = this.fleet;
    for (let handled = 0; ; handled++) {
      const arrival = arrivals ? arrivals.peek(t) : null;
      const completion = this.inFlight.peekTime();
      const transition = fleet.nextTransitionTime();
      const next = Math.min(completion, arrival ?? Infinity, transition);
      if (next > t) break;
      if (handled >= budget) return false;
      if (next > this.time) this.time = next;
      if (completion === next) {
        this.complete(this.inFlight.pop());
      } else if (arrival === next) {
        arrivals!.take();
        this.start(arrival, this.scenarioStreams, this.balancerStreams.scenario);
      } else {
        this.transition();
      }
    }
    if (t > this.time) this.time = t;
    return true;
  }

  /**
   * Starts one generation for an external request at the current time; `onDone` runs when it completes (during a
   * later `advanceTo`, or now when it takes no time), with null if its pod died first. Null when no pod takes
   * requests (the API is down or drained).
   */
  submit(onDone: (g: Generation | null) => void): Generation | null {
    const g = this.start(this.time, this.externalStreams, this.balancerStreams.external);
    if (!g) return null;
    this.callbacks.set(g, onDone);
    if (g.endsAt <= this.time) this.advanceTo(this.time);
    return g;
  }

  private transition(): void {
    this.fleet.applyNextTransition();
    if (this.callbacks.size === 0) return;
    // Requests waiting on a pod that just died get their answer now (null), not when the lost work would have ended.
    for (const [g, done] of this.callbacks) {
      if (g.epoch !== this.fleet.pods[g.pod].epoch) {
        this.callbacks.delete(g);
        done(null);
      }
    }
  }

  private start(at: number, streams: GenerationStreams, balancer: RandomStream): Generation | null {
    const pod = this.fleet.route(balancer);
    if (!pod) return null;
    const g = drawGeneration(at, this.timeline.profileAt(at, pod.slot), this.prices, streams);
    g.pod = pod.id;
    g.epoch = pod.epoch;
    pod.inFlight++;
    if (this.users) {
      g.userId = this.users.draw(streams === this.externalStreams ? this.userStreams.external : this.userStreams.scenario);
    }
    this.sink.started(g);
    this.inFlight.schedule(g.endsAt, g);
    return g;
  }

  private complete(g: Generation): void {
    const pod: Pod = this.fleet.pods[g.pod];
    // Lost with its process: nothing records it, and its request was answered when the pod died.
    if (g.epoch !== pod.epoch) return;
    pod.inFlight--;
    this.sink.completed(g);
    if (this.callbacks.size === 0) return;
    const done = this.callbacks.get(g);
    if (done) {
      this.callbacks.delete(g);
      done(g);
    }
  }
}
