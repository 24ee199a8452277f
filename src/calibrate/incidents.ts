/**
 * Incidents inside a calibration window: hours whose Claude failure share, slow calls, hung calls, cache share,
 * hardcoded share or traffic stand out from the rest of the window, so that the base profile is fitted without them
 * (an outage of 3 hours in 2 days would otherwise raise the fitted error rate by a sixth of its size).
 *
 * Each signal is a count k out of n per hour, judged against the share p0 of the base hours: an hour stands out when
 * it is both beyond chance (more than 4 binomial standard deviations from p0: a healthy hour does that about once in
 * 30,000) and material (at least the signal's margin away, so that 1,000/s traffic does not flag a hair's difference).
 * Traffic is judged against the day/night law fitted to the base hours (Poisson deviations, and half the rate or
 * more). p0 starts from the weighted median of the hours (robust to a long incident), then the base hours and p0
 * are refined three times; the hour either side of an incident is also kept out of the base (a phase rarely starts
 * on the hour).
 */
import { expectedCount, fitTraffic } from './traffic-fit.js';
import { bucketsOf, hungOf, sumOf, total, type HourBin } from './observations.js';

const HOUR_MS = 3_600_000;
/** Standard deviations beyond which an hour is not chance. */
const Z = 4;
const ROUNDS = 3;
/** Hours a base fit needs at the least (fitTraffic's minimum). */
const MIN_BASE_HOURS = 4;

/** A per-hour share that may stand out: k of n, which way is bad, and how far is material. */
interface ShareSignal {
  name: string;
  direction: 1 | -1;
  margin: number;
  count: (h: HourBin, slowBound: string | null) => { k: number; n: number };
}

const calls = (h: HourBin): number => sumOf(h.bySource) - (h.bySource.db_temporal ?? 0);

/** Successful calls slower than the bucket bound `le` (its cumulative count taken from the whole). */
function slowerThan(h: HourBin, le: string | null): { k: number; n: number } {
  const all = h.claudeBuckets['+Inf'] ?? 0;
  return { k: le === null ? 0 : all - (h.claudeBuckets[le] ?? 0), n: le === null ? 0 : all };
}

export const SIGNALS: readonly ShareSignal[] = [
  { name: 'Claude calls failing', direction: 1, margin: 0.05, count: (h) => ({ k: sumOf(h.byFallbackType), n: calls(h) }) },
  { name: 'successful calls slower than the base P90', direction: 1, margin: 0.15, count: slowerThan },
  { name: 'calls hung', direction: 1, margin: 0.03, count: (h) => ({ k: hungOf(h.fallbackBuckets), n: calls(h) }) },
  { name: 'generations from the cache', direction: -1, margin: 0.1, count: (h) => ({ k: h.bySource.db_temporal ?? 0, n: sumOf(h.bySource) }) },
  {
    name: 'fallbacks served the hardcoded text',
    direction: 1,
    margin: 0.2,
    count: (h) => ({ k: h.bySource.hardcoded ?? 0, n: (h.bySource.db_template ?? 0) + (h.bySource.hardcoded ?? 0) }),
  },
];

export const TRAFFIC_SIGNAL = 'generations against the day/night law';

/** A signal of an incident: its share (or traffic against the law) over the incident's hours and over the base. */
export interface IncidentSignal {
  name: string;
  observed: number;
  base: number;
}

export interface Incident {
  fromMs: number;
  toMs: number;
  signals: IncidentSignal[];
}

export interface IncidentSearch {
  incidents: Incident[];
  /** Whether an hour (by its end) is one the base profile is fitted on. */
  isBase: (h: HourBin) => boolean;
}

/** The share of the hours' pooled counts. */
function pooled(hours: readonly HourBin[], s: ShareSignal, le: string | null): number {
  let k = 0;
  let n = 0;
  for (const h of hours) {
    const c = s.count(h, le);
    k += c.k;
    n += c.n;
  }
  return n > 0 ? k / n : Number.NaN;
}

/** The weighted median of the hours' shares: where half the events lie below. */
function weightedMedian(hours: readonly HourBin[], s: ShareSignal, le: string | null): number {
  const xs = hours.map((h) => s.count(h, le)).filter((c) => c.n > 0).map((c) => ({ p: c.k / c.n, w: c.n })).sort((a, b) => a.p - b.p);
  const half = xs.reduce((a, x) => a + x.w, 0) / 2;
  let acc = 0;
  for (const x of xs) if ((acc += x.w) >= half) return x.p;
  return Number.NaN;
}

/** The smallest finite bucket bound holding 90 % of the hours' successful calls. */
function p90Bound(hours: readonly HourBin[]): string | null {
  const byLe = total(hours.map((h) => h.claudeBuckets));
  const all = byLe['+Inf'] ?? 0;
  if (!(all > 0)) return null;
  const b = bucketsOf(byLe).find((x) => Number.isFinite(x.le) && x.count >= 0.9 * all);
  return b ? Object.keys(byLe).find((k) => Number(k) === b.le)! : null;
}

/** Whether k of n stands out from p0 in the bad direction. */
function standsOut(k: number, n: number, p0: number, s: ShareSignal): boolean {
  if (!(n > 0) || !Number.isFinite(p0)) return false;
  const excess = s.direction * (k / n - p0);
  // A floor of one event on the variance: with p0 = 0 (no hardcoded text ever), one stray event is not an incident.
  const sd = Math.sqrt(Math.max(n * p0 * (1 - p0), 1)) / n;
  return excess >= s.margin && excess > Z * sd;
}

function trafficStandsOut(count: number, fitted: number): boolean {
  if (!Number.isFinite(fitted) || fitted <= 0) return false;
  return Math.abs(count - fitted) > Z * Math.sqrt(Math.max(fitted, 1)) && Math.abs(count / fitted - 1) >= 0.5;
}

/** The law fitted to the base hours, as each hour's expected count. */
function fittedCounts(base: readonly HourBin[]): (h: HourBin) => number {
  const law = fitTraffic(base.map((h) => ({ endMs: h.endMs, count: sumOf(h.bySource) })));
  return (h) => expectedCount(law, h.endMs);
}

/** Which hours stand out, given the base hours. */
function flagged(hours: readonly HourBin[], base: readonly HourBin[]): { flags: Set<string>[]; slowBound: string | null; p0: number[]; at: (h: HourBin) => number } {
  const slowBound = p90Bound(base);
  const p0 = SIGNALS.map((s) => pooled(base, s, slowBound));
  const at = fittedCounts(base);
  const flags = hours.map((h) => {
    const set = new Set<string>();
    SIGNALS.forEach((s, i) => {
      const { k, n } = s.count(h, slowBound);
      if (standsOut(k, n, p0[i], s)) set.add(s.name);
    });
    if (trafficStandsOut(sumOf(h.bySource), at(h))) set.add(TRAFFIC_SIGNAL);
    return set;
  });
  return { flags, slowBound, p0, at };
}

/** Finds the incidents of the window and the hours the base profile is fitted on. */
export function findIncidents(hours: readonly HourBin[]): IncidentSearch {
  const everything: IncidentSearch = { incidents: [], isBase: () => true };
  if (hours.length < MIN_BASE_HOURS + 2) return everything;
  // Start from the weighted medians: a share pooled over every hour would carry a long incident into p0.
  const slow0 = p90Bound(hours);
  const medians = SIGNALS.map((s) => weightedMedian(hours, s, slow0));
  let base = hours.filter((h) => SIGNALS.every((s, i) => {
    const { k, n } = s.count(h, slow0);
    return !standsOut(k, n, medians[i], s);
  }));
  let result = flagged(hours, base.length >= MIN_BASE_HOURS ? base : hours);
  for (let round = 0; round < ROUNDS; round++) {
    const out = new Set(result.flags.flatMap((f, i) => (f.size > 0 ? [i - 1, i, i + 1] : [])));
    const next = hours.filter((_, i) => !out.has(i));
    if (next.length < MIN_BASE_HOURS) return everything;
    base = next;
    result = flagged(hours, base);
  }
  const baseSet = new Set(base.map((h) => h.endMs));
  return { incidents: groupIncidents(hours, result), isBase: (h) => baseSet.has(h.endMs) };
}

/** Runs of flagged hours (a gap of one quiet hour joins two) as incidents, each signal pooled over its hours. */
function groupIncidents(hours: readonly HourBin[], r: ReturnType<typeof flagged>): Incident[] {
  const runs: number[][] = [];
  r.flags.forEach((f, i) => {
    if (f.size === 0) return;
    const last = runs[runs.length - 1];
    if (last && i - last[last.length - 1] <= 2) last.push(i);
    else runs.push([i]);
  });
  return runs.map((run) => {
    const inside = hours.slice(run[0], run[run.length - 1] + 1);
    const names = new Set(run.flatMap((i) => [...r.flags[i]]));
    const signals: IncidentSignal[] = SIGNALS.flatMap((s, i) =>
      names.has(s.name) ? [{ name: s.name, observed: pooled(inside, s, r.slowBound), base: r.p0[i] }] : [],
    );
    if (names.has(TRAFFIC_SIGNAL)) {
      const seen = inside.reduce((a, h) => a + sumOf(h.bySource), 0);
      const expected = inside.reduce((a, h) => a + r.at(h), 0);
      signals.push({ name: TRAFFIC_SIGNAL, observed: seen / expected, base: 1 });
    }
    return { fromMs: inside[0].endMs - HOUR_MS, toMs: inside[inside.length - 1].endMs, signals };
  });
}
