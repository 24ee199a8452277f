/**
 * The checks on a complete profile that span several fields, shared by scenario files (base and every phase) and
 * the control API (an override applied to every profile of the running scenario): probabilities that must add up
 * to at most 1, prices for every model that can be drawn, a positive timeout, the generations the profile keeps in
 * flight, and the distinct label values a run may name. One path, so nothing is accepted live that a file refuses.
 */
import { formatDuration } from '../core/units.js';
import { LIMITS, formatLimit } from '../limits.js';
import { LIST_PRICES, priceOf, type PriceTable } from '../model/pricing.js';
import type { LogNormalSpec, Profile, Traffic } from '../model/profile.js';
import type { DocPath, PathProblem } from './locate.js';

/** What the checks need from the run around a profile. */
export interface ProfileContext {
  prices: PriceTable;
  /** The highest arrival rate of the run, per second (the day/night shape only lowers it). */
  peakRate: number;
}

/** Model ids and error types a run has named so far: each makes series that stay for the run. */
export interface LabelValues {
  models: ReadonlySet<string>;
  errorTypes: ReadonlySet<string>;
}

/** The highest rate of a scenario's base traffic and phases. */
export function peakRate(traffic: Traffic, phases: readonly { traffic: Traffic }[]): number {
  return Math.max(traffic.rate, ...phases.map((p) => p.traffic.rate));
}

/** Appends to `problems` what is wrong with `p`, found at `at` in the document; `where` names a phase in messages. */
export function checkProfile(p: Profile, at: DocPath, ctx: ProfileContext, problems: PathProblem[], where = ''): void {
  const c = p.claude;
  const failing = Object.values(c.errors).reduce((s, v) => s + v, 0) + c.hang.probability;
  if (failing > 1 + 1e-9) {
    problems.push({
      path: [...at, 'claude', 'errors'],
      message: `error probabilities plus hang probability add up to ${round(failing)}, more than 1${where}`,
    });
  }
  for (const [model, weight] of Object.entries(c.models)) {
    if (weight > 0 && priceOf(ctx.prices, model) === undefined) {
      problems.push({
        path: [...at, 'claude', 'models', model],
        message: `no prices for model ${model}: add it under \`prices:\` (known: ${Object.keys(LIST_PRICES).join(', ')})${where}`,
      });
    }
  }
  if (!(c.timeout > 0)) problems.push({ path: [...at, 'claude', 'timeout'], message: `the client timeout must be longer than 0s${where}` });
  if (!(c.tokens_per_second.median > 0)) problems.push({ path: [...at, 'claude', 'tokens_per_second'], message: `must be greater than 0${where}` });
  checkInFlight(p, at, ctx.peakRate, problems, where);
}

/** Mean of a log-normal: the median × e^(σ²/2). */
function mean(spec: LogNormalSpec): number {
  return spec.median * Math.exp((spec.sigma * spec.sigma) / 2);
}

/**
 * An upper bound of the mean generation time under `p`, in seconds, with the field that contributes most. A Claude
 * call is cut at the timeout; errors, hangs and fallbacks add their own time.
 */
export function meanGenerationSeconds(p: Profile): { seconds: number; mostly: DocPath } {
  const c = p.claude;
  const errorShare = Object.values(c.errors).reduce((s, v) => s + v, 0);
  const callShare = Math.max(0, 1 - errorShare - c.hang.probability);
  const call = Math.min(c.timeout, mean(c.ttft) + Math.min(c.output_tokens.max, mean(c.output_tokens)) * (mean(c.tokens_per_second) / c.tokens_per_second.median ** 2));
  const miss = 1 - p.cache.hit_ratio;
  const terms: [DocPath, number][] = [
    [['cache', 'latency'], p.cache.hit_ratio * mean(p.cache.latency)],
    [['claude', 'hang'], miss * c.hang.probability * c.hang.duration],
    [['claude', 'error_latency'], miss * errorShare * mean(c.error_latency)],
    [['claude', 'timeout'], miss * callShare * call],
    [['templates', 'latency'], miss * mean(p.templates.latency)],
  ];
  const largest = terms.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { seconds: terms.reduce((s, [, t]) => s + t, 0), mostly: largest[0] };
}

/** Little's law: generations in flight = arrival rate × mean generation time; bounded for memory. */
function checkInFlight(p: Profile, at: DocPath, rate: number, problems: PathProblem[], where: string): void {
  const { seconds, mostly } = meanGenerationSeconds(p);
  const inFlight = rate * seconds;
  if (inFlight > LIMITS.inFlightGenerations) {
    problems.push({
      path: [...at, ...mostly],
      message:
        `about ${formatLimit(Math.round(inFlight))} generations in flight (peak ${round(rate)}/s × ${formatDuration(Math.round(seconds) * 1000)} mean ` +
        `generation time); at most ${formatLimit(LIMITS.inFlightGenerations)}${where}`,
    });
  }
}

/**
 * The label values of `profiles` added to those a run already names; a problem at the first profile that takes
 * the run past its bound of models or error types.
 */
export function checkLabelValues(
  named: LabelValues,
  profiles: readonly { profile: Profile; at: DocPath }[],
  problems: PathProblem[],
): LabelValues {
  const models = new Set(named.models);
  const errorTypes = new Set(named.errorTypes);
  let reported = { models: false, errorTypes: false };
  for (const { profile, at } of profiles) {
    Object.keys(profile.claude.models).forEach((m) => models.add(m));
    Object.keys(profile.claude.errors).forEach((e) => errorTypes.add(e));
    if (!reported.models && models.size > LIMITS.modelsPerRun) {
      problems.push({ path: [...at, 'claude', 'models'], message: `at most ${LIMITS.modelsPerRun} models per run (each is ~10 series); this run would name ${models.size}` });
      reported = { ...reported, models: true };
    }
    if (!reported.errorTypes && errorTypes.size > LIMITS.errorTypesPerRun) {
      problems.push({ path: [...at, 'claude', 'errors'], message: `at most ${LIMITS.errorTypesPerRun} error types per run (each is 2 series); this run would name ${errorTypes.size}` });
      reported = { ...reported, errorTypes: true };
    }
  }
  return { models, errorTypes };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
