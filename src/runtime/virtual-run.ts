/**
 * A scenario on a virtual clock, as fast as the CPU allows: warm-up, then the scenario, with a snapshot of every
 * metric at each step. Down phases leave gaps (no scrape succeeds) and restart the counters at 0 afterwards; a fleet's
 * replicas are scraped one by one, each with its own series.
 */
import { RandomSource } from '../core/random.js';
import { FleetRecorder } from '../metrics/fleet-recorder.js';
import { recordedMetrics, type Recorder } from '../metrics/recorder.js';
import { SampleLog, type ColumnFilter } from '../metrics/sample-log.js';
import { DURATION_BUCKETS } from '../metrics/catalogue.js';
import { AggregateTraffic } from '../model/aggregate/aggregate-traffic.js';
import { Simulation } from '../model/simulation.js';
import type { Scenario } from '../scenario/scenario.js';
import { Timeline } from '../scenario/timeline.js';
import { fleetOptionsOf } from './fleet-options.js';
import { labelDomainOf, userPoolOf } from './label-domain.js';
import { advanceSampled } from './sampled-advance.js';
import { simulationModeOf, type SimulationChoice, type SimulationMode } from './simulation-mode.js';

export interface VirtualRunResult {
  scenario: Scenario;
  log: SampleLog;
  /** The metrics of replica 0's current pod (the only one without a fleet) at the end of the run. */
  recorder: Recorder;
  fleet: FleetRecorder;
  /** Generations started over the whole run, warm-up included. */
  generations: number;
  mode: SimulationMode;
}

export interface VirtualRunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides how traffic is simulated (default: the scenario's choice, else by rate). */
  simulation?: SimulationChoice;
  /** Keeps only these sample series in the log (what its reader needs: less memory over long runs). */
  keep?: ColumnFilter;
}

/**
 * A virtual run taken a stretch at a time (a long push sends and forgets what it has sampled before simulating on):
 * `sampleThrough(t)` simulates and samples every step up to `t`, at most the run's end.
 */
export interface SteppedVirtualRun {
  readonly log: SampleLog;
  /** The last step sampled so far (NaN before the first). */
  readonly sampledTo: number;
  /** The run's first and last step. */
  readonly from: number;
  readonly to: number;
  sampleThrough(t: number): void;
  /** What the run came to, once sampled through its end. */
  result(): VirtualRunResult;
}

/** Runs `scenario` from the start of its warm-up to its end and returns the sampled metrics. */
export function runVirtual(scenario: Scenario, options: VirtualRunOptions = {}): VirtualRunResult {
  const run = startVirtualRun(scenario, options);
  run.sampleThrough(run.to);
  return run.result();
}

/** A run of `scenario` ready to be sampled from the start of its warm-up (see SteppedVirtualRun). */
export function startVirtualRun(scenario: Scenario, options: VirtualRunOptions = {}): SteppedVirtualRun {
  const timeline = new Timeline(scenario);
  const users = userPoolOf(scenario);
  const domain = labelDomainOf(scenario, users);
  const fleet = new FleetRecorder(domain, scenario.fleet !== null);
  let generations = 0;
  const sink = {
    started: (g: Parameters<FleetRecorder['started']>[0]) => {
      generations++;
      fleet.started(g);
    },
    completed: fleet.completed.bind(fleet),
  };
  const from = scenario.start - scenario.warmup;
  const to = scenario.start + scenario.duration;
  const mode = simulationModeOf(scenario, timeline, options.simulation);
  const random = new RandomSource(options.seed ?? scenario.seed);
  const fleetOptions = fleetOptionsOf(scenario, timeline);
  // Per generation, the simulation makes the traffic; in aggregate, it only applies replica transitions.
  const sim = new Simulation({
    timeline,
    random,
    prices: scenario.prices,
    sink,
    origin: from,
    selfDriven: mode === 'per-generation',
    users,
    arrivals: scenario.traffic.arrivals,
    fleet: fleetOptions,
    pods: fleet,
  });
  const aggregate = mode === 'aggregate'
    ? new AggregateTraffic({
        timeline,
        random,
        prices: scenario.prices,
        fleet: sim.fleet,
        balancer: fleetOptions.balancer,
        sink: fleet,
        origin: from,
        binning: { stepMs: scenario.step, buckets: DURATION_BUCKETS },
        users,
        arrivals: scenario.traffic.arrivals,
      })
    : null;
  const log = new SampleLog(recordedMetrics(domain), options.keep);
  const advance = (t: number): void => {
    aggregate?.advanceTo(t);
    sim.advanceTo(t);
  };
  const step = scenario.step;
  // The last step of the grid from `from` at or before `to`.
  const last = from + Math.floor((to - from) / step) * step;
  let sampledTo = Number.NaN;
  return {
    log,
    from,
    to: last,
    get sampledTo() {
      return sampledTo;
    },
    sampleThrough(t: number): void {
      const next = Number.isNaN(sampledTo) ? from : sampledTo + step;
      const until = next + Math.floor((Math.min(t, last) - next) / step) * step;
      if (until < next) return;
      advanceSampled(advance, () => fleet.targets(), log, { from: next, to: until, step });
      sampledTo = until;
    },
    result(): VirtualRunResult {
      const recorder = fleet.recorderOf(sim.fleet.slots[0].id)!;
      return { scenario, log, recorder, fleet, generations: generations + (aggregate?.arrivals ?? 0), mode };
    },
  };
}
