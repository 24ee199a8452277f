/**
 * A scenario in real time (optionally sped up): the simulation advances on a timer, HTTP requests run generations
 * that answer after their simulated duration, and the control API can change the profile while it runs.
 */
import { RealClock, type ElapsedSource } from '../core/clock.js';
import { RandomSource } from '../core/random.js';
import { ScenarioInvalidError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { exposedSeries } from '../metrics/cardinality.js';
import { Exposition, type ExpositionFormat } from '../metrics/exposition.js';
import { Recorder } from '../metrics/recorder.js';
import type { MetricStore } from '../metrics/store.js';
import { SampleLog } from '../metrics/sample-log.js';
import type { Generation } from '../model/generation.js';
import type { Profile } from '../model/profile.js';
import { Simulation } from '../model/simulation.js';
import { parseProfileOverride, type OverrideContext } from '../scenario/override.js';
import { peakRate, type LabelValues } from '../scenario/profile-checks.js';
import type { Scenario } from '../scenario/scenario.js';
import { Timeline } from '../scenario/timeline.js';
import type { LiveStatus, SimulatorPort } from '../server/port.js';
import { apiUptime } from './api-uptime.js';
import { labelDomainOf, userPoolOf } from './label-domain.js';
import { LiveStatusTracker, type WindowFigures } from './live-status.js';
import { LongTimers } from './long-timers.js';
import { OverridableTimeline } from './overridable-timeline.js';
import { advanceSampled } from './sampled-advance.js';
import { seriesLimitProblem } from './run-budget.js';

/** Real ms between the simulation ticks of a live run. */
const TICK_MS = 100;

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
  /**
   * Simulated history before `from`: the simulation is first advanced virtually over `span`, sampled every `step`
   * (for a backfill), and the live run continues the very same simulation — counters, generations in flight, random
   * streams — with no reset and no gap. Its clock then stands at `from` until `start(at)`.
   */
  history?: { span: number; step: number };
  /** Where an error outside any request (a timer's) is reported, one line; default stderr. The run goes on. */
  log?: (line: string) => void;
}

export class LiveRun implements SimulatorPort {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Snapshots of the history (`options.history`), on its simulated time axis; null without history. */
  readonly history: SampleLog | null;
  private realClock: RealClock;
  private readonly options: LiveRunOptions;
  private readonly timeline: Timeline;
  private readonly overridable: OverridableTimeline;
  private readonly recorder: Recorder;
  private readonly tracker: LiveStatusTracker;
  private readonly exposition: Exposition;
  private readonly sim: Simulation;
  private timer: NodeJS.Timeout | null = null;
  private readonly uptime: (down: boolean) => void;
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
    this.recorder = new Recorder(domain);
    this.named = { models: new Set(domain.models), errorTypes: new Set(domain.errorTypes) };
    this.overrideContext = {
      profiles: [{ profile: scenario.base, phase: null }, ...scenario.phases.map((p) => ({ profile: p.profile, phase: p.name }))],
      prices: scenario.prices,
      // With external traffic only, requests set the rate; the in-flight cap of isSaturated() bounds them.
      peakRate: options.selfDriven ? peakRate(scenario.traffic, scenario.phases) : 0,
    };
    this.tracker = new LiveStatusTracker(origin);
    this.exposition = new Exposition(this.recorder.store, { processMetrics: options.processMetrics });
    const recorder = this.recorder;
    const tracker = this.tracker;
    // The status line counts live generations only; the history is the backfill's.
    let live = options.history === undefined;
    const historyFrom = origin - (options.history?.span ?? 0);
    this.sim = new Simulation({
      timeline: this.overridable,
      random: new RandomSource(this.seed),
      prices: scenario.prices,
      sink: {
        started: () => recorder.started(),
        completed: (g) => {
          recorder.completed(g);
          if (live) tracker.completed(g);
        },
      },
      origin: historyFrom,
      selfDriven: options.selfDriven,
      users,
      arrivals: scenario.traffic.arrivals,
    });
    this.uptime = apiUptime(this.sim, this.recorder);
    this.history = options.history ? this.playHistory(historyFrom, origin, options.history.step) : null;
    live = true;
  }

  /** Advances the simulation virtually from `from` to `to`, sampled every `step` and at `to` itself. */
  private playHistory(from: number, to: number, step: number): SampleLog {
    const log = new SampleLog(this.recorder.store);
    advanceSampled(this.sim, this.timeline, this.uptime, log, { from, to, step });
    // The history ends exactly where the live run begins, on the step grid or not.
    if (log.times[log.times.length - 1] !== to && !this.timeline.isDown(to)) {
      this.sim.advanceTo(to);
      log.record(to);
    }
    return log;
  }

  /** The live clock (after a history, it stands at the starting point until start()). */
  get clock(): RealClock {
    return this.realClock;
  }

  /**
   * Advances the simulation on a timer. `at` (an elapsed-source reading) re-anchors the clock: simulated time leaves
   * the starting point then, and stands until then, so a run can begin exactly where its backfilled history ends.
   */
  start(at?: number): void {
    if (this.timer) return;
    const o = this.options;
    if (at !== undefined || o.history) this.realClock = new RealClock(this.scenario.start + (o.from ?? 0), o.speed, o.elapsed, at ?? o.elapsed());
    this.timer = setInterval(() => this.safely(() => this.tick()), TICK_MS);
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

  /** Brings the simulation up to the clock; down phases drop in-flight work and restart the counters after. */
  tick(): void {
    const now = this.clock.now();
    this.sim.advanceTo(now);
    this.uptime(this.timeline.isDown(now));
  }

  /** The live metric values (what /metrics renders; a live remote write reads them too). */
  get store(): MetricStore {
    return this.recorder.store;
  }

  /** Scenario time elapsed, ms since time 0. */
  scenarioTime(): number {
    return this.clock.now() - this.scenario.start;
  }

  async render(format: ExpositionFormat): Promise<{ contentType: string; body: string }> {
    this.tick();
    return this.exposition.render(format);
  }

  /** True while a down phase is in force: the API answers nothing. */
  isDown(): boolean {
    return this.timeline.isDown(this.clock.now());
  }

  status(): LiveStatus {
    this.tick();
    const now = this.clock.now();
    const t = this.tracker.totals;
    return {
      scenario: this.scenario.name,
      phase: this.timeline.phaseAt(now),
      simulatedTime: new Date(now).toISOString(),
      scenarioSeconds: (now - this.scenario.start) / 1000,
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
    return this.tracker.figures(this.clock.now());
  }

  profile(): { effective: Profile; override: unknown } {
    this.tick();
    const now = this.clock.now();
    return { effective: this.overridable.profileAt(now), override: this.overridable.override };
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

  generate(): Promise<Generation | null> {
    this.tick();
    return new Promise((resolve) => {
      const g = this.sim.submit(resolve);
      if (g.endsAt > this.sim.now) {
        // Chunked past 24.8 days and unref'd: a closing process need not wait for a long hang to end. The timer may
        // fire a little before the clock reads endsAt: the simulation goes to endsAt, never further.
        this.completions.after(this.clock.realDelay(g.endsAt - this.sim.now), () =>
          this.safely(() => this.sim.advanceTo(Math.max(this.clock.now(), g.endsAt))),
        );
      }
    });
  }
}
