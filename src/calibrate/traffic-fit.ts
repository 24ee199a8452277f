/**
 * The traffic law of a scenario (timeline.ts, shapeFactor) fitted to hourly generation counts. The scenario's rate at
 * hour h is R·(f + (1 − f)·(1 + cos(ω(h − p)))/2) with ω = 2π/24: a constant plus one cosine, so the fit is a linear
 * least-squares regression of the counts on [1, cos ωh, sin ωh] — exact, no iteration — and R (peak, per hour), f
 * (night factor) and p (peak hour) follow from its three coefficients. Their standard errors come from the
 * regression's covariance (residual variance: Poisson noise and whatever else the data holds) by the delta method.
 *
 * A weekly pattern — the scenario's `weekend_factor`, the whole curve × w on Saturdays and Sundays (UTC) — is fitted
 * when the window holds half a day of weekend and a day of weekdays: the day/night law is fitted to the counts with
 * the weekend's divided by w, w is the weekend's counts over the law's, and the two are alternated until w settles
 * (each step is the exact least-squares / Poisson maximum-likelihood answer given the other). It is kept (`weekly`)
 * when w is more than 4 standard errors and 5 % from 1; otherwise the law is the plain fit, as without a weekend.
 */
import { isWeekend } from '../scenario/timeline.js';
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
  /** × on Saturdays and Sundays (UTC); null when the window holds too little of the weekend or of the weekdays. */
  weekendFactor: Estimate | null;
  /** Whether the data have a weekly pattern: weekendFactor is 4 standard errors and 5 % from 1 (then it is in the law). */
  weekly: boolean;
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

/** Hours of weekend and of weekdays a weekly factor needs at the least. */
const MIN_WEEKEND_HOURS = 12;
const MIN_WEEKDAY_HOURS = 24;
/** Alternations of the law and the factor: the factor moves by less than 1e-6 after a few. */
const WEEKLY_ROUNDS = 8;

/** Whether the hour ending at `endMs` is a Saturday's or a Sunday's (by its middle, UTC). */
function onWeekend(endMs: number): boolean {
  return isWeekend(endMs - 1_800_000);
}

/**
 * Fits the traffic law to hourly counts (at least 4; a day or more for a meaningful shape; a weekly factor when the
 * window holds enough of both the weekend and the weekdays).
 */
export function fitTraffic(counts: readonly HourlyCount[]): TrafficFit {
  const first = fitDayNight(counts);
  const { residualVariance: _, ...plain } = first;
  const weekend = counts.filter((c) => onWeekend(c.endMs));
  if (weekend.length < MIN_WEEKEND_HOURS || counts.length - weekend.length < MIN_WEEKDAY_HOURS || !Number.isFinite(plain.peakPerMinute.value)) return plain;
  const observedWeekend = weekend.reduce((s, c) => s + c.count, 0);
  const observedWeekdays = counts.reduce((s, c) => s + c.count, 0) - observedWeekend;
  let factor = 1;
  let law = first;
  for (let round = 0; round < WEEKLY_ROUNDS; round++) {
    law = fitDayNight(counts.map((c) => (onWeekend(c.endMs) ? { endMs: c.endMs, count: c.count / factor } : c)));
    const expected = weekend.reduce((s, c) => s + expectedCount(law, c.endMs), 0);
    if (!(expected > 0)) return plain;
    factor = observedWeekend / expected;
    if (!(factor > 0)) break;
  }
  // Poisson counts, widened by the residuals' dispersion past Poisson's (traffic that is not a perfect cosine).
  const meanCount = (observedWeekend + observedWeekdays) / counts.length;
  const dispersion = Math.max(1, law.residualVariance / Math.max(1, meanCount));
  const se = factor * Math.sqrt(dispersion * (1 / Math.max(1, observedWeekend) + 1 / Math.max(1, observedWeekdays)));
  const weekendFactor = { value: factor, se };
  const weekly = Math.abs(factor - 1) > 4 * se && Math.abs(factor - 1) >= 0.05;
  if (!weekly) return { ...plain, weekendFactor };
  const { residualVariance: __, ...dayNight } = law;
  const fitted = counts.map((c) => expectedCount(law, c.endMs) * (onWeekend(c.endMs) ? factor : 1));
  return { ...dayNight, weekendFactor, weekly, fitted };
}

/** The day/night law alone (no weekly factor), by linear least squares. */
function fitDayNight(counts: readonly HourlyCount[]): TrafficFit & { residualVariance: number } {
  const rows = counts.map((c) => [1, Math.cos(OMEGA * midHour(c.endMs)), Math.sin(OMEGA * midHour(c.endMs))]);
  const xtx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const inv = counts.length >= 4 ? invert3(xtx) : null;
  const nan = { value: Number.NaN, se: Number.NaN };
  if (!inv) return { peakPerMinute: nan, peakHour: nan, nightFactor: nan, weekendFactor: null, weekly: false, fitted: [], hours: counts.length, residualVariance: Number.NaN };
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
    weekendFactor: null,
    weekly: false,
    fitted,
    hours: counts.length,
    residualVariance: sigma2,
  };
}

/**
 * The law's count for the hour ending at `endMs`: the cosine's mean over the bin, as the fit reads counts — × the
 * weekend factor on Saturdays and Sundays when the law has a weekly pattern.
 */
export function expectedCount(law: TrafficFit, endMs: number): number {
  const perHour = law.peakPerMinute.value * 60;
  const f = law.nightFactor.value;
  const week = law.weekly && law.weekendFactor && onWeekend(endMs) ? law.weekendFactor.value : 1;
  return week * perHour * (f + ((1 - f) * (1 + BIN_DAMPING * Math.cos(OMEGA * (midHour(endMs) - law.peakHour.value)))) / 2);
}
