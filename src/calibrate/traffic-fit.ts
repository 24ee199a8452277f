/**
 * The traffic law of a scenario (timeline.ts, shapeFactor) fitted to hourly generation counts. The scenario's rate at
 * hour h is R·(f + (1 − f)·(1 + cos(ω(h − p)))/2) with ω = 2π/24: a constant plus one cosine, so the fit is a linear
 * least-squares regression of the counts on [1, cos ωh, sin ωh] — exact, no iteration — and R (peak, per hour), f
 * (night factor) and p (peak hour) follow from its three coefficients. Their standard errors come from the
 * regression's covariance (residual variance: Poisson noise and whatever else the data holds) by the delta method.
 */
import type { Estimate } from './estimate.js';

const OMEGA = (2 * Math.PI) / 24;
/** A count over a 1-hour bin sees the cosine's mean over the bin: its value at the middle × sin(ω/2)/(ω/2). */
const BIN_DAMPING = Math.sin(OMEGA / 2) / (OMEGA / 2);

/** Generations counted over one hour ending at `endMs`. */
export interface HourlyCount {
  endMs: number;
  count: number;
}

export interface TrafficFit {
  /** Peak rate, generations per minute. */
  peakPerMinute: Estimate;
  /** Hour of the day (UTC, 0–24) of the peak. */
  peakHour: Estimate;
  nightFactor: Estimate;
  /** Fitted count of each hour, for the goodness of fit. */
  fitted: number[];
  hours: number;
}

/** Solves the 3×3 symmetric system and returns the inverse too (Gauss-Jordan). */
function invert3(m: number[][]): number[][] | null {
  const a = m.map((row, i) => [...row, ...[0, 1, 2].map((j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < 3; c++) {
    let pivot = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12) return null;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 6; j++) a[c][j] /= d;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 6; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(3));
}

/** Rate, night factor and peak hour from the regression coefficients [a, b, c] (per hour). */
function lawOf([a, b, c]: readonly number[]): [number, number, number] {
  const amplitude = Math.hypot(b, c) / BIN_DAMPING;
  const peak = a + amplitude;
  const night = peak > 0 ? (a - amplitude) / peak : Number.NaN;
  const hour = (((Math.atan2(c, b) / OMEGA) % 24) + 24) % 24;
  return [peak, night, hour];
}

/** The bin's middle as an hour of the day, UTC. */
function midHour(endMs: number): number {
  return ((((endMs - 1_800_000) / 3_600_000) % 24) + 24) % 24;
}

/** Fits the day/night law to hourly counts (at least 4; a day or more for a meaningful shape). */
export function fitTraffic(counts: readonly HourlyCount[]): TrafficFit {
  const rows = counts.map((c) => [1, Math.cos(OMEGA * midHour(c.endMs)), Math.sin(OMEGA * midHour(c.endMs))]);
  const xtx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const inv = counts.length >= 4 ? invert3(xtx) : null;
  const nan = { value: Number.NaN, se: Number.NaN };
  if (!inv) return { peakPerMinute: nan, peakHour: nan, nightFactor: nan, fitted: [], hours: counts.length };
  const xty = [0, 1, 2].map((i) => rows.reduce((s, r, k) => s + r[i] * counts[k].count, 0));
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0));
  const fitted = rows.map((r) => r.reduce((s, v, j) => s + v * beta[j], 0));
  const rss = counts.reduce((s, c, k) => s + (c.count - fitted[k]) ** 2, 0);
  const sigma2 = counts.length > 3 ? rss / (counts.length - 3) : Number.NaN;
  const cov = inv.map((row) => row.map((v) => v * sigma2));
  // Delta method, with a numerical Jacobian of lawOf.
  const law = lawOf(beta);
  const jac = [0, 1, 2].map((j) => {
    const h = Math.max(1e-6, Math.abs(beta[j]) * 1e-6);
    const up = lawOf(beta.map((v, k) => (k === j ? v + h : v)));
    return up.map((u, i) => (u - law[i]) / h);
  });
  const variance = (i: number): number => {
    let s = 0;
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) s += jac[j][i] * cov[j][k] * jac[k][i];
    return s;
  };
  const [peak, night, hour] = law;
  return {
    peakPerMinute: { value: peak / 60, se: Math.sqrt(variance(0)) / 60 },
    nightFactor: { value: night, se: Math.sqrt(variance(1)) },
    peakHour: { value: hour, se: Math.sqrt(variance(2)) },
    fitted,
    hours: counts.length,
  };
}

/** The law's count for the hour ending at `endMs`: the cosine's mean over the bin, as the fit reads counts. */
export function expectedCount(law: TrafficFit, endMs: number): number {
  const perHour = law.peakPerMinute.value * 60;
  const f = law.nightFactor.value;
  return perHour * (f + ((1 - f) * (1 + BIN_DAMPING * Math.cos(OMEGA * (midHour(endMs) - law.peakHour.value)))) / 2);
}
