/**
 * A scenario in real time (optionally sped up): the simulation advances on a timer, HTTP requests run generations
 * that answer after their simulated duration, and the control API can change the profile while it runs. Every
 * advance is bounded (live-engine.ts): when rate × speed is more than the machine can simulate, the run falls
 * behind and its status says by how much, instead of freezing the server.
 */
import { RealClock, type ElapsedSource } from '../core/clock.js';
import { RandomSource } from '../core/random.js';
import { ScenarioInvalidError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { exposedSeries } from '../metrics/cardinality.js';
import { Exposition, type ExpositionFormat } from '../metrics/exposition.js';
import { FleetRecorder } from '../metrics/fleet-recorder.js';
import { recordedMetrics } from '../metrics/recorder.js';
import type { MetricStore } from '../metrics/store.js';
import { SampleLog } from '../metrics/sample-log.js';
import type { Generation } from '../model/generation.js';
import type { Profile } from '../model/profile.js';
import { parseProfileOverride, type OverrideContext } from '../scenario/override.js';
import { peakRate, type LabelValues } from '../scenario/profile-checks.js';
import { POD, podName, type MetricDef } from '../metrics/catalogue.js';
import type { Scenario } from '../scenario/scenario.js';
import { Timeline } from '../scenario/timeline.js';
import type { LiveStatus, SimulatorPort } from '../server/port.js';
import { fleetOptionsOf } from './fleet-options.js';
import { labelDomainOf, userPoolOf } from './label-domain.js';
import { LiveEngine, type WorkBudget } from './live-engine.js';
import { LiveStatusTracker, type WindowFigures } from './live-status.js';
import { LongTimers } from './long-timers.js';
import { OverridableTimeline } from './overridable-timeline.js';
import { advanceSampled } from './sampled-advance.js';
import { seriesLimitProblem } from './run-budget.js';
import { liveAggregateStepMs, liveModeOf, type SimulationChoice } from './simulation-mode.js';

/** Real ms between the simulation ticks of a live run. */
const TICK_MS = 25;
/** A generation whose answer is due within this many real ms is answered at once (below what a timer can wait). */
export const ANSWER_NOW_MS = 0.1;

/**
 * Work per timer tick: at most 12 ms of a 25 ms tick (and caps in events and steps, which tests count), so a request
 * waits at most that long for the event loop however far behind the simulation is; half of one core goes to
 * catching up.
 */
export const TICK_BUDGET: WorkBudget = { events: 400_000, steps: 4_000, realMs: 12 };
/** Work an HTTP request may add before it answers (the state it shows is as fresh as that allows). */
export const REQUEST_BUDGET: WorkBudget = { events: 20_000, steps: 200, realMs: 5 };

export interface LiveRunOptions {
  /** Simulated seconds per real second. */
  speed: number;
  seed?: number;
  /** False: only HTTP requests make generations (`--traffic external`). */
  selfDriven: boolean;
  /** Scenario time to begin at, ms (e.g. 14h to start at the daily peak). */
  from?: number;
  /** Real elapsed milliseconds; `performance.now` in production. */
  elapsed: ElapsedSource;
  /** Also expose the simulator's own process and Node.js metrics. */
  processMetrics?: boolean;
  /** Per generation, aggregate, or auto (aggregate when the rate, or rate × speed, is high). */
  simulation?: SimulationChoice;
  /** Work per tick, by the timer and by requests alike (tests use small budgets to see the lag). */
  budget?: WorkBudget;
  /**
   * Simulated history before `from`: the simulation is first advanced virtually over `span`, sampled every `step`
   * (for a backfill), and the live run continues the very same simulation — counters, generations in flight, random
   * streams — with no reset and no gap. Its clock then stands at `from` until `start(at)`.
   */
  history?: { span: number; step: number };
  /** Where an error outside any request (a timer's) is reported, one line; default stderr. The run goes on. */
  log?: (line: string) => void;
}

/** No bound: the history is played in full before the run serves anything. */
const UNBOUNDED: WorkBudget = { events: Infinity, steps: Infinity, realMs: Infinity };

export class LiveRun implements SimulatorPort {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Snapshots of the history (`options.history`), on its simulated time axis; null without history. */
  readonly history: SampleLog | null;
  private realClock: RealClock;
  private readonly options: LiveRunOptions;
  private readonly timeline: Timeline;
  private readonly overridable: OverridableTimeline;
  private readonly fleet: FleetRecorder;
  /** The metric families, in exposition order. */
  readonly families: readonly MetricDef[];
  private readonly tracker: LiveStatusTracker;
  /** One exposition per pod, made when first scraped (a rolling deploy brings new pods). */
  private readonly expositions = new Map<number, Exposition>();
  private readonly engine: LiveEngine;
  private readonly budget: { timer: WorkBudget; request: WorkBudget };
  private timer: NodeJS.Timeout | null = null;
  private readonly completions = new LongTimers();
  private readonly overrideContext: Omit<OverrideContext, 'named'>;
  /** Label values the run has named: the scenario's, then those live overrides brought in (their series stay). */
  private named: LabelValues;

  constructor(scenario: Scenario, options: LiveRunOptions) {
    this.scenario = scenario;
    this.options = options;
    this.seed = options.seed ?? scenario.seed;
    const origin = scenario.start + (options.from ?? 0);
    // After a history, simulated time stands at `origin` until start() says when the live part begins.
    this.realClock = new RealClock(origin, options.speed, options.elapsed, options.history ? Infinity : options.elapsed());
    this.timeline = new Timeline(scenario);
    this.overridable = new OverridableTimeline(this.timeline);
    const users = userPoolOf(scenario);
    const domain = labelDomainOf(scenario, users);
    this.fleet = new FleetRecorder(domain, scenario.fleet !== null);
    this.families = recordedMetrics(domain);
    this.named = { models: new Set(domain.models), errorTypes: new Set(domain.errorTypes) };
    this.overrideContext = {
      profiles: [{ profile: scenario.base, phase: null }, ...scenario.phases.map((p) => ({ profile: p.profile, phase: p.name }))],
      prices: scenario.prices,
      // With external traffic only, requests set the rate; the in-flight cap of isSaturated() bounds them.
      peakRate: options.selfDriven ? peakRate(scenario.traffic, scenario.phases) : 0,
    };
    this.tracker = new LiveStatusTracker(origin);
    const fleet = this.fleet;
    const tracker = this.tracker;
    // The status line counts live generations only; the history is the backfill's.
    let live = options.history === undefined;
    const historyFrom = origin - (options.history?.span ?? 0);
    this.budget = { timer: options.budget ?? TICK_BUDGET, request: options.budget ?? REQUEST_BUDGET };
    this.engine = new LiveEngine({
      mode: liveModeOf(scenario, this.timeline, options.speed, options.simulation),
      timeline: this.overridable,
      random: new RandomSource(this.seed),
      prices: scenario.prices,
      sink: {
        started: (g) => fleet.started(g),
        completed: (g) => {
          fleet.completed(g);
          if (live) tracker.completed(g);
        },
        arrived: (pod, count) => fleet.arrived(pod, count),
        completedOutcomes: (pod, outcome, count) => {
          fleet.completedOutcomes(pod, outcome, count);
          if (live) tracker.completedOutcomes(outcome, count);
        },
        completedByUser: (pod, source, model, counts) => fleet.completedByUser(pod, source, model, counts),
        podCreated: (pod) => fleet.podCreated(pod),
        podRestarted: (pod) => fleet.podRestarted(pod),
        podLost: () => {},
      },
      origin: historyFrom,
      selfDriven: options.selfDriven,
      users,
      arrivals: scenario.traffic.arrivals,
      fleet: fleetOptionsOf(scenario, this.timeline),
      aggregateStepMs: liveAggregateStepMs(options.speed),
      elapsed: options.elapsed,
    });
    this.history = options.history ? this.playHistory(historyFrom, origin, options.history.step) : null;
    live = true;
  }

  /** Advances the simulation virtually from `from` to `to`, sampled every `step` and at `to` itself. */
  private playHistory(from: number, to: number, step: number): SampleLog {
    const log = new SampleLog(this.families);
    const advance = (t: number): void => void this.engine.advance(t, UNBOUNDED);
    advanceSampled(advance, () => this.scrapeTargets(), log, { from, to, step });
    // The history ends exactly where the live run begins, on the step grid or not.
    if (log.times[log.times.length - 1] !== to) {
      advance(to);
      log.record(to, this.scrapeTargets());
    }
    return log;
  }

  /** The live clock (after a history, it stands at the starting point until start()). */
  get clock(): RealClock {
    return this.realClock;
  }

  private get sim(): LiveEngine['sim'] {
    return this.engine.sim;
  }

  /** Replica slots of the run (1 without a fleet). */
  get replicas(): number {
    return this.sim.fleet.slots.length;
  }

  /**
   * Advances the simulation on a timer. `at` (an elapsed-source reading) re-anchors the clock: simulated time leaves
   * the starting point then, and stands until then, so a run can begin exactly where its backfilled history ends.
   */
  start(at?: number): void {
    if (this.timer) return;
    const o = this.options;
    if (at !== undefined || o.history) this.realClock = new RealClock(this.scenario.start + (o.from ?? 0), o.speed, o.elapsed, at ?? o.elapsed());
    this.timer = setInterval(() => this.safely(() => this.engine.advance(this.clock.now(), this.budget.timer)), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.completions.clear();
  }

  /** Runs a timer's work: an error there has no request to answer, so it is reported and the run goes on. */
  private safely(work: () => void): void {
    try {
      work();
    } catch (e) {
      const log = this.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      log(`lunar-sim: simulation error (the run goes on): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }

  /**
   * Brings the simulation toward the clock within a request's budget (down phases and replica changes happen inside
   * it, at their time); true when it caught up. The timer does the bulk of the work between requests.
   */
  tick(): boolean {
    return this.engine.advance(this.clock.now(), this.budget.request);
  }

  /**
   * What a scrape of each target gives now (a live remote write reads it): the pods that are up, labelled as a
   * virtual run labels them (`instance`, `pod`) when the run is a fleet.
   */
  scrapeTargets(): { labels: Record<string, string>; store: MetricStore }[] {
    return this.fleet.targets();
  }

  /** Scenario time the simulation has reached, ms since time 0. */
  scenarioTime(): number {
    return this.engine.reached - this.scenario.start;
  }

  /** Simulated ms the simulation is behind the clock. */
  lag(): number {
    return Math.max(0, this.clock.now() - this.engine.reached);
  }

  /** The /metrics of one replica slot (the only one without a fleet); 503 while it is down. */
  async render(format: ExpositionFormat, slot = 0): Promise<{ contentType: string; body: string }> {
    this.tick();
    const pod = this.sim.fleet.slots[slot];
    let exposition = this.expositions.get(pod.id);
    if (!exposition) {
      for (const id of this.expositions.keys()) if (!this.sim.fleet.pods[id].current) this.expositions.delete(id);
      // A fleet's pods say who they are: Prometheus sets `instance` from the target, the `pod` label comes from here.
      const labels = this.scenario.fleet ? { [POD]: podName(pod.slot, pod.revision) } : undefined;
      exposition = new Exposition(this.fleet.recorderOf(pod.id)!.store, { processMetrics: this.options.processMetrics, labels });
      this.expositions.set(pod.id, exposition);
    }
    return exposition.render(format);
  }

  /** True while a down phase is in force: the API (or, given a slot, that replica) answers nothing. */
  isDown(slot?: number): boolean {
    this.tick();
    return slot === undefined ? this.timeline.isDown(this.sim.now) : this.sim.fleet.slots[slot].down;
  }

  status(): LiveStatus {
    this.tick();
    const reached = this.engine.reached;
    const clock = this.clock.now();
    const lag = Math.max(0, clock - reached);
    const t = this.tracker.totals;
    return {
      scenario: this.scenario.name,
      phase: this.timeline.phaseAt(reached),
      simulatedTime: new Date(reached).toISOString(),
      scenarioSeconds: (reached - this.scenario.start) / 1000,
      clockTime: new Date(clock).toISOString(),
      lagSeconds: lag / 1000,
      // Within two ticks (and one aggregate step) of the clock: keeping up.
      keepingUp: lag <= 2 * TICK_MS * this.options.speed + (this.engine.mode === 'aggregate' ? liveAggregateStepMs(this.options.speed) : 0),
      simulation: this.engine.mode,
      speed: this.options.speed,
      traffic: this.options.selfDriven ? 'scenario+external' : 'external',
      activeGenerations: this.sim.activeCount,
      totals: { generations: t.generations, bySource: { ...t.bySource }, fallbacks: t.fallbacks, costUsd: t.costUsd },
      profileOverride: this.overridable.override !== null,
    };
  }

  /** Rolling figures for the status line (at least five simulated minutes). */
  windowFigures(): WindowFigures {
    this.tick();
    return this.tracker.figures(this.engine.reached);
  }

  profile(): { effective: Profile; override: unknown } {
    this.tick();
    return { effective: this.overridable.profileAt(this.engine.reached), override: this.overridable.override };
  }

  setOverride(value: unknown): void {
    const { override, named } = parseProfileOverride(value, { ...this.overrideContext, named: this.named });
    const series = exposedSeries({ models: named.models.size, errorTypes: named.errorTypes.size, users: this.scenario.userIdLabel?.users });
    const tooMany = seriesLimitProblem(series, ['claude', 'models']);
    if (tooMany) throw new ScenarioInvalidError('profile', [{ path: 'claude.models', message: tooMany.message }]);
    this.tick();
    this.overridable.override = override;
    this.named = named;
  }

  clearOverride(): void {
    this.tick();
    this.overridable.override = null;
  }

  /** True when as many generations are in flight as a run holds: new requests are refused until some end. */
  isSaturated(): boolean {
    return this.sim.activeCount >= LIMITS.inFlightGenerations;
  }

  generate(): Generation | null | Promise<Generation | null> {
    this.tick();
    // Ended already (no latency, or due sooner than a timer can wait): returned as it is, no promise in between.
    let ended: Generation | null | undefined;
    let resolveLater: ((g: Generation | null) => void) | undefined;
    const g = this.sim.submit((done) => (resolveLater ? resolveLater(done) : (ended = done)));
    if (g === null) return null;
    if (g.endsAt > this.sim.now) {
      // The timer firing means its simulated duration has passed (a coarse clock may not show it yet). Bounded:
      // when the simulation is behind, the answer waits for the timer's ticks, as it should.
      const complete = (): void => this.safely(() => void this.engine.advance(Math.max(this.clock.now(), g.endsAt), this.budget.request));
      const wait = this.clock.realDelay(g.endsAt - this.sim.now);
      // Shorter than an event-loop turn: no timer can wait that little, and deferring the answer by a turn cost
      // a third of the endpoint's throughput (npm run bench -- load).
      if (wait < ANSWER_NOW_MS) complete();
      // Chunked past 24.8 days and unref'd: a closing process need not wait for a long hang to end.
      else this.completions.after(wait, complete);
    }
    return ended !== undefined ? ended : new Promise((resolve) => (resolveLater = resolve));
  }
}
