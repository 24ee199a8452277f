/**
 * Per generation or in aggregate: how a run simulates its scenario traffic. Per generation draws every generation
 * (exact, ~1 µs each); in aggregate each sampling step draws counts per outcome (exact in distribution, cost per step
 * independent of the traffic: see model/aggregate/). `auto` switches to aggregate where per-generation work is
 * wasted: at a peak rate of 5,000/min and more (every shipped library scenario but production-scale is below, so
 * their verdicts come from the per-generation mode).
 */
import type { Scenario } from '../scenario/scenario.js';
import type { SIMULATION_MODES } from '../scenario/schema.js';
import type { Timeline } from '../scenario/timeline.js';

export type SimulationChoice = (typeof SIMULATION_MODES)[number];
export type SimulationMode = Exclude<SimulationChoice, 'auto'>;

/** Peak arrivals per minute from which `auto` simulates in aggregate. */
export const AGGREGATE_FROM_PER_MINUTE = 5000;

/** The mode a run uses: the caller's choice, else the scenario's, else by peak rate. */
export function simulationModeOf(scenario: Scenario, timeline: Timeline, choice?: SimulationChoice): SimulationMode {
  const wanted = choice && choice !== 'auto' ? choice : scenario.simulation;
  if (wanted !== 'auto') return wanted;
  const peak = timeline.maxRateBetween(scenario.start - scenario.warmup, scenario.start + scenario.duration) * 60;
  return peak >= AGGREGATE_FROM_PER_MINUTE ? 'aggregate' : 'per-generation';
}

/** Generations per real second above which a live run (rate × speed) simulates in aggregate under `auto`. */
export const LIVE_AGGREGATE_FROM_PER_SECOND = 20_000;

/**
 * The mode of a live run: as for virtual runs, and also aggregate under `auto` when rate × speed would ask one core for
 * more than 20,000 generations a second (about a fifth of it per generation).
 */
export function liveModeOf(scenario: Scenario, timeline: Timeline, speed: number, choice?: SimulationChoice): SimulationMode {
  const mode = simulationModeOf(scenario, timeline, choice);
  if (mode === 'aggregate' || (choice && choice !== 'auto') || scenario.simulation !== 'auto') return mode;
  const peak = timeline.maxRateBetween(scenario.start - scenario.warmup, scenario.start + scenario.duration);
  return peak * speed >= LIVE_AGGREGATE_FROM_PER_SECOND ? 'aggregate' : 'per-generation';
}

/** Simulated ms per aggregate step live: a second, longer at high speed so that a real second holds ~100 steps. */
export function liveAggregateStepMs(speed: number): number {
  return 1000 * Math.max(1, Math.round(speed / 100));
}
