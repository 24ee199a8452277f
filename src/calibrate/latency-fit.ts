/**
 * The latency law of a successful Claude call (model/generation.ts): time to first token ~ LogNormal(ttft), plus
 * output tokens ~ LogNormal(output) at a speed ~ LogNormal(tokens_per_second), the call succeeding only under the
 * client timeout. Fitted to the duration histogram's buckets of `source="claude"`: the output median comes from the
 * token counters, the spreads (sigmas) are the model's defaults, and the two medians that set where durations lie —
 * ttft and speed — are found by maximum likelihood over the bucket counts (multinomial). The bucket probabilities of
 * a candidate are computed by Monte Carlo over one fixed, seeded set of draws (common random numbers), each draw
 * spread by a narrow kernel (KERNEL) so that the likelihood is a smooth function of the candidate, not a staircase;
 * a coarse log grid finds the region, Nelder–Mead the maximum. Standard
 * errors: from the curvature of the likelihood at its maximum (observed information), with the other median free,
 * so that a ridge between the two (a slower first token or a slower stream explaining the same durations) shows as
 * a wide interval, not as false precision.
 */
import { normalCdf } from '../core/normal.js';
import { RandomSource } from '../core/random.js';
import type { Estimate } from './estimate.js';

export interface LatencyInputs {
  /** Bucket upper bounds (seconds, ascending, without +Inf) and cumulative counts, +Inf last. */
  bounds: readonly number[];
  cumulative: readonly number[];
  outputMedian: number;
  sigmas: { ttft: number; output: number; speed: number };
  outputMax: number;
  timeoutSeconds: number;
}

export interface LatencyFit {
  ttftMedian: Estimate;
  speedMedian: Estimate;
  /** Per bucket (the last is +Inf): counts observed and expected under the fit. */
  observed: number[];
  fitted: number[];
  deviance: number;
}

const DRAWS = 20_000;
const GRID = 25;
const TTFT_RANGE: [number, number] = [0.05, 60];
const SPEED_RANGE: [number, number] = [1, 5_000];

interface Draws {
  ttft: Float64Array;
  speed: Float64Array;
  output: Float64Array;
}

/** Standard draws for the ttft and speed spreads, and the output tokens (their median is known): fixed by a seed. */
function draws(i: LatencyInputs): Draws {
  const s = new RandomSource(20_260_105).stream('calibrate-latency');
  const d: Draws = { ttft: new Float64Array(DRAWS), speed: new Float64Array(DRAWS), output: new Float64Array(DRAWS) };
  for (let k = 0; k < DRAWS; k++) {
    d.ttft[k] = Math.exp(i.sigmas.ttft * s.normal());
    d.speed[k] = Math.exp(i.sigmas.speed * s.normal());
    d.output[k] = Math.min(i.outputMax, Math.max(1, Math.round(i.outputMedian * Math.exp(i.sigmas.output * s.normal()))));
  }
  return d;
}

/**
 * Kernel width in log seconds: each draw spreads over ±2 % of its duration. Counting draws per bucket outright makes
 * the likelihood a staircase (each draw that crosses a bound moves it by whole units when the data hold as many calls
 * as there are draws), which neither the optimiser nor the curvature can read; the kernel makes it smooth, and 2 % is
 * small against the buckets (the narrowest, 10 → 12.5 s, is 22 % wide).
 */
const KERNEL = 0.02;

/** Bucket probabilities of successful calls under (ttft, speed) medians, conditioned on finishing before the timeout. */
function probabilities(i: LatencyInputs, d: Draws, ttft: number, speed: number): number[] {
  const logs: number[] = [];
  for (let k = 0; k < DRAWS; k++) {
    const seconds = ttft * d.ttft[k] + d.output[k] / (speed * d.speed[k]);
    if (seconds <= i.timeoutSeconds) logs.push(Math.log(seconds));
  }
  const sorted = Float64Array.from(logs).sort();
  const n = sorted.length;
  const cdf = i.bounds.map((bound) => {
    const b = Math.log(bound);
    // Draws far below the bound count whole, far above not at all; the kernel only near it.
    let below = lowerIndex(sorted, b - 5 * KERNEL);
    let mass = below;
    for (let k = below; k < n && sorted[k] < b + 5 * KERNEL; k++, below++) mass += normalCdf((b - sorted[k]) / KERNEL);
    return n > 0 ? mass / n : 0;
  });
  const p = [...cdf, 1].map((c, j) => c - (j === 0 ? 0 : cdf[j - 1]));
  // A bucket the model cannot reach is unlikely, not impossible.
  const floor = 0.5 / DRAWS;
  const total = p.reduce((s, x) => s + Math.max(x, floor), 0);
  return p.map((x) => Math.max(x, floor) / total);
}

/** The first index of `sorted` holding a value ≥ v. */
function lowerIndex(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function deviance(observed: readonly number[], p: readonly number[]): number {
  const n = observed.reduce((a, b) => a + b, 0);
  return 2 * observed.reduce((s, o, j) => (o > 0 ? s + o * Math.log(o / (n * p[j])) : s), 0);
}

function logGrid([lo, hi]: [number, number], n: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * k) / (n - 1)));
}

/** Nelder–Mead over two log-parameters: the likelihood has no gradient to offer (bucket counts of fixed draws). */
function nelderMead(f: (x: number[]) => number, start: number[], step: number, iterations = 200): number[] {
  let simplex = [start, [start[0] + step, start[1]], [start[0], start[1] + step]].map((x) => ({ x, v: f(x) }));
  const at = (a: number[], b: number[], t: number): number[] => a.map((ai, k) => ai + t * (b[k] - ai));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((p, q) => p.v - q.v);
    const [best, mid, worst] = simplex;
    if (Math.abs(worst.v - best.v) < 1e-9 && Math.hypot(worst.x[0] - best.x[0], worst.x[1] - best.x[1]) < 1e-6) break;
    const centre = at(best.x, mid.x, 0.5);
    const reflected = at(centre, worst.x, -1);
    const r = f(reflected);
    if (r < best.v) {
      const expanded = at(centre, worst.x, -2);
      const e = f(expanded);
      simplex[2] = e < r ? { x: expanded, v: e } : { x: reflected, v: r };
    } else if (r < mid.v) simplex[2] = { x: reflected, v: r };
    else {
      const contracted = at(centre, worst.x, 0.5);
      const c = f(contracted);
      if (c < worst.v) simplex[2] = { x: contracted, v: c };
      else simplex = simplex.map((p, k) => (k === 0 ? p : { x: at(best.x, p.x, 0.5), v: f(at(best.x, p.x, 0.5)) }));
    }
  }
  return simplex.sort((p, q) => p.v - q.v)[0].x;
}

/**
 * Standard errors of the two parameters from the curvature of deviance/2 (the observed information) in log space,
 * its inverse giving each parameter's variance with the other free: a ridge widens both. A wider step is tried when
 * a narrow one does not see a minimum.
 */
function standardErrors(f: (x: number[]) => number, x: number[]): [number, number] {
  for (const h of [0.03, 0.06, 0.12]) {
    const se = curvatureErrors(f, x, h);
    if (se.every(Number.isFinite)) return se;
  }
  return [Number.NaN, Number.NaN];
}

function curvatureErrors(f: (x: number[]) => number, x: number[], h: number): [number, number] {
  const g = (dx: number, dy: number) => f([x[0] + dx, x[1] + dy]) / 2;
  const f0 = g(0, 0);
  const hxx = (g(h, 0) - 2 * f0 + g(-h, 0)) / (h * h);
  const hyy = (g(0, h) - 2 * f0 + g(0, -h)) / (h * h);
  const hxy = (g(h, h) - g(h, -h) - g(-h, h) + g(-h, -h)) / (4 * h * h);
  const det = hxx * hyy - hxy * hxy;
  if (!(det > 0) || !(hxx > 0)) return [Number.NaN, Number.NaN];
  // Inverse of the 2×2 information matrix: variances of log ttft and log speed; × value for the parameters.
  return [Math.sqrt(hyy / det) * Math.exp(x[0]), Math.sqrt(hxx / det) * Math.exp(x[1])];
}

/** Fits the ttft and speed medians to the buckets of successful Claude calls. */
export function fitLatency(i: LatencyInputs): LatencyFit {
  const observed = i.cumulative.map((c, k) => Math.max(0, c - (k === 0 ? 0 : i.cumulative[k - 1])));
  const dr = draws(i);
  const objective = (x: number[]) => deviance(observed, probabilities(i, dr, Math.exp(x[0]), Math.exp(x[1])));
  // A coarse log grid first: the likelihood of bucket counts can have flat regions far from the data.
  let start = [0, 0];
  let best = Infinity;
  for (const t of logGrid(TTFT_RANGE, GRID)) {
    for (const v of logGrid(SPEED_RANGE, GRID)) {
      const d = objective([Math.log(t), Math.log(v)]);
      if (d < best) [best, start] = [d, [Math.log(t), Math.log(v)]];
    }
  }
  const x = nelderMead(objective, start, 0.2);
  const [ttftSe, speedSe] = standardErrors(objective, x);
  const p = probabilities(i, dr, Math.exp(x[0]), Math.exp(x[1]));
  const n = observed.reduce((a, b) => a + b, 0);
  return {
    ttftMedian: { value: Math.exp(x[0]), se: ttftSe },
    speedMedian: { value: Math.exp(x[1]), se: speedSe },
    observed,
    fitted: p.map((q) => q * n),
    deviance: objective(x),
  };
}
