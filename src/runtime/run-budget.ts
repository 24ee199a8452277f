/**
 * What a run of a scenario will cost before it starts, held to src/limits.ts: the series it exposes (every command),
 * and for virtual runs (verify, export) the samples it keeps and the generations it simulates. A scenario over
 * budget is refused with a located problem, never an out-of-memory abort halfway.
 */
import { LIMITS, formatLimit } from '../limits.js';
import type { DocPath, PathProblem } from '../scenario/locate.js';
import type { Scenario } from '../scenario/scenario.js';
import { Timeline } from '../scenario/timeline.js';
import { seriesEstimate } from './series-estimate.js';
import { simulationModeOf, type SimulationMode } from './simulation-mode.js';

/** Arrival candidates are drawn per window of this length (core/arrivals.ts): the estimate follows the same grid. */
const WINDOW_MS = 60_000;

export interface VirtualRunEstimate {
  steps: number;
  series: number;
  samples: number;
  generations: number;
  /** How the run simulates its traffic: the generation bound applies per generation only. */
  mode: SimulationMode;
}

/** A problem at `path` when `series` is past LIMITS.seriesPerRun. */
export function seriesLimitProblem(series: number, path: DocPath): PathProblem | null {
  if (series <= LIMITS.seriesPerRun) return null;
  return { path, message: `the run would expose ${formatLimit(series)} series; at most ${formatLimit(LIMITS.seriesPerRun)} (fewer users, models or error types)` };
}

/** The run's series against LIMITS.seriesPerRun: a problem for every command that runs the scenario. */
export function seriesProblems(s: Scenario): PathProblem[] {
  const problem = seriesLimitProblem(seriesEstimate(s).perPod, s.userIdLabel ? ['user_id_label', 'users'] : ['base', 'claude', 'models']);
  return problem ? [problem] : [];
}

/** Snapshots, samples and generations of a virtual run, from the start of warm-up to the end. */
export function estimateVirtualRun(s: Scenario): VirtualRunEstimate {
  // Every pod of a fleet (replicas and the new pods of rolling deploys) is a copy of every series.
  const { steps, perPod, pods } = seriesEstimate(s);
  const series = perPod * pods;
  // The thinning bound of each window: the candidates the arrival process draws, an upper bound of the arrivals.
  const timeline = new Timeline(s);
  const mode = simulationModeOf(s, timeline);
  let generations = 0;
  for (let t = s.start - s.warmup; t < s.start + s.duration; t += WINDOW_MS) {
    generations += timeline.maxRateBetween(t, t + WINDOW_MS) * (WINDOW_MS / 1000);
  }
  return { steps, series, samples: steps * series, generations: Math.round(generations), mode };
}

/** The virtual run against LIMITS.virtualSamples and LIMITS.virtualGenerations. */
export function virtualRunProblems(s: Scenario): PathProblem[] {
  const e = estimateVirtualRun(s);
  const problems: PathProblem[] = [];
  if (e.samples > LIMITS.virtualSamples) {
    problems.push({
      path: ['step'],
      message:
        `${formatLimit(e.steps)} steps × ${formatLimit(e.series)} series = ${formatLimit(e.samples)} samples; verify takes at most ` +
        `${formatLimit(LIMITS.virtualSamples)} (a longer step, a shorter warm-up or duration)`,
    });
  }
  // In aggregate, the cost per step does not depend on the traffic: only the samples bound it.
  if (e.mode === 'per-generation' && e.generations > LIMITS.virtualGenerations) {
    problems.push({
      path: ['traffic', 'rate'],
      message: `about ${formatLimit(e.generations)} generations over warm-up and duration; verify simulates at most ${formatLimit(LIMITS.virtualGenerations)} one by one (simulation: aggregate, a lower rate or a shorter run)`,
    });
  }
  return problems;
}

/** Checks for a virtual run (verify, export): series, samples and generations. */
export function virtualRunChecks(s: Scenario): PathProblem[] {
  return [...seriesProblems(s), ...virtualRunProblems(s)];
}
