/**
 * Exact draws of counts from a seeded stream: Poisson and binomial variates, and a multinomial split built on them.
 * The algorithms are NumPy's (numpy/random/src/distributions/distributions.c): multiplication of uniforms for a
 * Poisson mean under 10, PTRS (Hörmann, 1993) above; inversion for a binomial with n·min(p, 1−p) ≤ 30, BTPE
 * (Kachitvichyanukul & Schmeiser, 1988) above. All are exact samplers (rejection, not approximation), so the
 * aggregate mode's counts have exactly the distribution the per-generation mode's have.
 */
import type { RandomStream } from './random.js';

const LOG_2PI = 1.8378770664093453;
const LOGGAM_SERIES = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/** log Γ(x) for x > 0 (Stirling series after shifting x past 7), as NumPy's random_loggam. */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let series = LOGGAM_SERIES[9];
  for (let k = 8; k >= 0; k--) series = series * x2 + LOGGAM_SERIES[k];
  let gl = series / x0 + 0.5 * LOG_2PI + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}

/** A Poisson variate with mean `mean` (≥ 0). */
export function poisson(random: RandomStream, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = random.next();
    while (product > limit) {
      count++;
      product *= random.next();
    }
    return count;
  }
  const slam = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.next() - 0.5;
    const v = random.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
  }
}

function binomialInversion(random: RandomStream, n: number, p: number): number {
  const q = 1 - p;
  const qn = Math.exp(n * Math.log(q));
  const np = n * p;
  const bound = Math.min(n, np + 10 * Math.sqrt(np * q + 1));
  let x = 0;
  let px = qn;
  let u = random.next();
  while (u > px) {
    x++;
    if (x > bound) {
      x = 0;
      px = qn;
      u = random.next();
    } else {
      u -= px;
      px = ((n - x + 1) * p * px) / (x * q);
    }
  }
  return x;
}

/** BTPE for p ≤ 1/2 and n·p > 30: triangle, parallelogram and exponential tails, with squeezes. */
function binomialBtpe(random: RandomStream, n: number, p: number): number {
  const r = p;
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;
  const nrq = n * r * q;
  for (;;) {
    const u = random.next() * p4;
    let v = random.next();
    let y: number;
    if (u <= p1) return Math.floor(xm - p1 * v + u);
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }
    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // Explicit evaluation of f(y)/f(m).
      const s = r / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      else if (m > y) for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      if (v > f) continue;
      return y;
    }
    // Squeeze on log f(y)/f(m), then the Stirling-corrected bound.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const corr = (v2: number, v1: number): number => (13680 - (462 - (132 - (99 - 140 / v2) / v2) / v2) / v2) / v1 / 166320;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * r) / (x1 * q)) +
      corr(f1 * f1, f1) + corr(z * z, z) + corr(x1 * x1, x1) + corr(w * w, w);
    if (logV > bound) continue;
    return y;
  }
}

/** A binomial variate: successes among `n` trials of probability `p`. */
export function binomial(random: RandomStream, n: number, p: number): number {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p <= 0.5) return p * n <= 30 ? binomialInversion(random, n, p) : binomialBtpe(random, n, p);
  const q = 1 - p;
  return n - (q * n <= 30 ? binomialInversion(random, n, q) : binomialBtpe(random, n, q));
}

/**
 * Splits `n` over categories with probabilities `p` (summing to 1, within rounding) by conditional binomials;
 * calls `take(i, count)` for each category with a count above 0.
 */
export function multinomial(random: RandomStream, n: number, p: ArrayLike<number>, take: (i: number, count: number) => void): void {
  let left = n;
  let mass = 1;
  for (let i = 0; i < p.length && left > 0; i++) {
    const count = i === p.length - 1 ? left : binomial(random, left, mass > 0 ? Math.min(1, p[i] / mass) : 0);
    if (count > 0) take(i, count);
    left -= count;
    mass -= p[i];
  }
}
