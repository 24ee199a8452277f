/**
 * Distributions of generation durations, as the aggregate mode needs them: the CDF, exact or by quadrature (for
 * histogram bucket shares), and weighted atoms that approximate the distribution (for where in a step a completion
 * falls, and the mean duration inside a bucket). Durations are in seconds. Built from the pipeline's parts:
 * log-normals, constants, sums.
 */
import { normalCdf } from '../../core/normal.js';
import type { LogNormalSpec } from '../profile.js';

export interface Atoms {
  values: Float64Array;
  /** Sum to 1. */
  weights: Float64Array;
}

export interface DurationLaw {
  /** P(D ≤ x). */
  cdf(x: number): number;
  /** A coarse discrete approximation of D: where completions fall in time, mean durations. */
  atoms(): Atoms;
  /** A fine one, to integrate over D (a sum of two laws); the coarse atoms when none is finer. */
  quadrature?(): Atoms;
}

/** Span of the standard normal covered by quadrature nodes: P(|Z| > 8) ≈ 1e-15. */
const Z_SPAN = 8;

/**
 * Quadrature nodes of the standard normal: Simpson's rule over z ∈ [−8, 8] with `intervals` (even) intervals, weights
 * φ(z)·(Simpson coefficient), normalised to sum to 1. E[g(Z)] ≈ Σ w·g(z) to ~1e-9 for smooth g with 160 intervals,
 * tails included (equal-probability atoms would cut them off).
 */
export function normalNodes(intervals: number, span = Z_SPAN): Atoms {
  const key = `${intervals}/${span}`;
  const cached = NODES.get(key);
  if (cached) return cached;
  const h = (2 * span) / intervals;
  const values = new Float64Array(intervals + 1);
  const weights = new Float64Array(intervals + 1);
  let total = 0;
  for (let i = 0; i <= intervals; i++) {
    const z = -span + i * h;
    const simpson = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    values[i] = z;
    weights[i] = simpson * Math.exp(-(z * z) / 2);
    total += weights[i];
  }
  for (let i = 0; i <= intervals; i++) weights[i] /= total;
  const nodes = { values, weights };
  NODES.set(key, nodes);
  return nodes;
}

const NODES = new Map<string, Atoms>();

/** Intervals per log-normal to integrate over it: sums of two log-normals to ~1e-9. */
export const FINE = 160;
/** Intervals per log-normal for atoms (lags, means), over z ∈ [−6, 6]: nothing depends on them finely. */
export const COARSE = 24;
const COARSE_SPAN = 6;

/** P(X ≤ x) for a log-normal with this median and log-space sigma (sigma 0: the constant median). */
export function logNormalCdf(spec: LogNormalSpec, x: number): number {
  if (x <= 0) return 0;
  if (spec.sigma === 0) return x >= spec.median ? 1 : 0;
  return normalCdf(Math.log(x / spec.median) / spec.sigma);
}

/** A log-normal as weighted atoms: the normal's quadrature nodes, mapped (one atom when sigma is 0). */
export function logNormalAtoms(spec: LogNormalSpec, intervals = FINE): Atoms {
  if (spec.sigma === 0) return { values: new Float64Array([spec.median]), weights: new Float64Array([1]) };
  const nodes = normalNodes(intervals, intervals === COARSE ? COARSE_SPAN : Z_SPAN);
  return { values: nodes.values.map((z) => spec.median * Math.exp(spec.sigma * z)), weights: nodes.weights };
}

export function logNormalLaw(spec: LogNormalSpec): DurationLaw {
  const atoms = logNormalAtoms(spec, COARSE);
  const fine = logNormalAtoms(spec, FINE);
  return { cdf: (x) => logNormalCdf(spec, x), atoms: () => atoms, quadrature: () => fine };
}

export function constantLaw(c: number): DurationLaw {
  return { cdf: (x) => (x >= c ? 1 : 0), atoms: () => ({ values: new Float64Array([c]), weights: new Float64Array([1]) }) };
}

/** c + D. */
export function shiftedLaw(c: number, law: DurationLaw): DurationLaw {
  const shift = (a: Atoms): Atoms => ({ values: a.values.map((v) => v + c), weights: a.weights });
  return { cdf: (x) => law.cdf(x - c), atoms: () => shift(law.atoms()), quadrature: () => shift(law.quadrature?.() ?? law.atoms()) };
}

/** A + B for independent A and B: B's exact CDF integrated over A's quadrature atoms. */
export function sumLaw(a: DurationLaw, b: DurationLaw): DurationLaw {
  const fine = a.quadrature?.() ?? a.atoms();
  return {
    cdf: (x) => {
      let p = 0;
      for (let i = 0; i < fine.values.length; i++) p += fine.weights[i] * b.cdf(x - fine.values[i]);
      return p;
    },
    atoms: () => {
      const aa = a.atoms();
      const bb = b.atoms();
      const n = aa.values.length * bb.values.length;
      const values = new Float64Array(n);
      const weights = new Float64Array(n);
      let k = 0;
      for (let i = 0; i < aa.values.length; i++) {
        for (let j = 0; j < bb.values.length; j++, k++) {
          values[k] = aa.values[i] + bb.values[j];
          weights[k] = aa.weights[i] * bb.weights[j];
        }
      }
      return { values, weights };
    },
  };
}

/** D conditioned on D ≤ limit (a law of the calls that did not time out). */
export function truncatedLaw(law: DurationLaw, limit: number, atoms: Atoms): DurationLaw {
  const mass = law.cdf(limit);
  return { cdf: (x) => (mass > 0 ? law.cdf(Math.min(x, limit)) / mass : 0), atoms: () => atoms };
}
