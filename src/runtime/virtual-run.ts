/**
 * A scenario on a virtual clock, as fast as the CPU allows: warm-up, then the scenario, with a snapshot of every
 * metric at each step. Down phases leave gaps (no scrape succeeds) and restart the counters at 0 afterwards.
 */
import { RandomSource } from '../core/random.js';
import { Recorder } from '../metrics/recorder.js';
import { SampleLog } from '../metrics/sample-log.js';
import { Simulation } from '../model/simulation.js';
import type { Scenario } from '../scenario/scenario.js';
import { Timeline } from '../scenario/timeline.js';
import { apiUptime } from './api-uptime.js';
import { labelDomainOf, userPoolOf } from './label-domain.js';
import { advanceSampled } from './sampled-advance.js';

export interface VirtualRunResult {
  scenario: Scenario;
  log: SampleLog;
  recorder: Recorder;
  /** Generations started over the whole run, warm-up included. */
  generations: number;
}

export interface VirtualRunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
}

/** Runs `scenario` from the start of its warm-up to its end and returns the sampled metrics. */
export function runVirtual(scenario: Scenario, options: VirtualRunOptions = {}): VirtualRunResult {
  const timeline = new Timeline(scenario);
  const users = userPoolOf(scenario);
  const recorder = new Recorder(labelDomainOf(scenario, users));
  let generations = 0;
  const sink = {
    started: () => {
      generations++;
      recorder.started();
    },
    completed: recorder.completed.bind(recorder),
  };
  const from = scenario.start - scenario.warmup;
  const to = scenario.start + scenario.duration;
  const sim = new Simulation({
    timeline,
    random: new RandomSource(options.seed ?? scenario.seed),
    prices: scenario.prices,
    sink,
    origin: from,
    users,
    arrivals: scenario.traffic.arrivals,
  });
  const log = new SampleLog(recorder.store);
  advanceSampled(sim, timeline, apiUptime(sim, recorder), log, { from, to, step: scenario.step });
  return { scenario, log, recorder, generations };
}
