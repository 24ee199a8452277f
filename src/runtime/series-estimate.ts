/**
 * How many series a scenario exposes and how many samples verifying it means, known before anything runs: the
 * `user_id` label multiplies the generation counter by the number of users, and replicas multiply everything.
 */
import { formatDuration } from '../core/units.js';
import { formatLimit } from '../limits.js';
import { exposedSeries } from '../metrics/cardinality.js';
import type { Scenario } from '../scenario/scenario.js';
import { labelDomainOf } from './label-domain.js';

export interface SeriesEstimate {
  /** Exposed sample series of one process (each histogram bucket, `_sum` and `_count` counted). */
  perPod: number;
  /** Of those, the generation counter's series per user. */
  userSeries: number;
  /** Processes over the run: replicas, plus the new pods of rolling deploys. */
  pods: number;
  /** Snapshots of a virtual run (warm-up included). */
  steps: number;
  /** perPod × pods × steps: an upper bound (gaps and replaced pods hold fewer). */
  samples: number;
}

/** Series, pods and samples of `scenario`, from the sizes of its label domains (nothing is built). */
export function seriesEstimate(scenario: Scenario): SeriesEstimate {
  const domain = labelDomainOf(scenario);
  const sizes = { models: domain.models.length, errorTypes: domain.errorTypes.length, users: scenario.userIdLabel?.users };
  const perPod = exposedSeries(sizes);
  // What user_id adds: the generation counter's series for every user but one.
  const userSeries = perPod - exposedSeries({ ...sizes, users: 1 });
  const replicas = scenario.fleet?.replicas ?? 1;
  const replaced = scenario.phases.reduce((n, p) => n + (p.rollout ? (p.replicas?.length ?? replicas) : 0), 0);
  const pods = replicas + replaced;
  const steps = Math.floor((scenario.warmup + scenario.duration) / scenario.step) + 1;
  return { perPod, userSeries, pods, steps, samples: perPod * pods * steps };
}

const count = (x: number): string => formatLimit(Math.round(x));

/** Series per process, and how many processes. */
export function describeExposed(e: SeriesEstimate): string {
  const users = e.userSeries > 0 ? ` (${count(e.userSeries)} of them for user_id)` : '';
  return `${count(e.perPod)} series per process${users}${e.pods > 1 ? ` × ${count(e.pods)} pods` : ''}`;
}

/** One line: series per process, processes, and the samples a virtual run (verify) holds at most. */
export function describeSeries(e: SeriesEstimate, stepMs: number): string {
  return `${describeExposed(e)}; a virtual run of ${count(e.steps)} steps of ${formatDuration(stepMs)} holds up to ${count(e.samples)} samples`;
}
