/**
 * The scenario as a function of time: which phase is in force, the profile and arrival rate at any instant
 * (ramps included), and when the API is down. Times are simulated ms since epoch.
 */
import type { ReplicaTransition } from '../model/fleet.js';
import type { ScenarioTimeline } from '../model/simulation.js';
import { blend, type Profile, type Traffic } from '../model/profile.js';
import type { Scenario } from './scenario.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Ramps move the profile in this many steps: smooth enough, and profiles are not rebuilt per generation. */
const RAMP_STEPS = 200;

/** One replica slot's state in a segment. */
interface SlotState {
  profile: Profile;
  down: boolean;
  drain: boolean;
}

interface Segment {
  name: string;
  start: number;
  ramp: number;
  /** Every replica is down: the API answers nothing and has no traffic. */
  down: boolean;
  from: { traffic: Traffic; slots: SlotState[] };
  to: { traffic: Traffic; slots: SlotState[] };
  /** Slots restarted as the segment begins. */
  restart: number[];
  /** Slots replaced one by one from the segment's start, `every` ms apart. */
  rollout: { slots: number[]; every: number } | null;
}

export class Timeline implements ScenarioTimeline {
  /** Segments in time order; the first ("base") starts at −∞. */
  readonly segments: Segment[];
  readonly replicas: number;
  private readonly cacheKeys: number[];
  private readonly cached: (Profile | null)[];

  constructor(scenario: Scenario) {
    const t0 = scenario.start;
    this.replicas = scenario.fleet?.replicas ?? 1;
    const all = Array.from({ length: this.replicas }, (_, r) => r);
    const baseSlots = all.map(() => ({ profile: scenario.base, down: false, drain: false }));
    const baseState = { traffic: scenario.traffic, slots: baseSlots };
    this.segments = [{ name: 'base', start: -Infinity, ramp: 0, down: false, from: baseState, to: baseState, restart: [], rollout: null }];
    for (const p of scenario.phases) {
      const prev = this.segments[this.segments.length - 1];
      const chosen = new Set(p.replicas ?? all);
      const slots = all.map((r) =>
        chosen.has(r) ? { profile: p.profile, down: p.down, drain: p.drain } : { profile: scenario.base, down: false, drain: false },
      );
      const selected = all.filter((r) => chosen.has(r));
      this.segments.push({
        name: p.name,
        start: t0 + p.at,
        ramp: p.ramp,
        down: slots.every((s) => s.down),
        from: prev.to,
        to: { traffic: p.traffic, slots },
        restart: p.restart ? selected : [],
        rollout: p.rollout ? { slots: selected, every: p.rollout.every } : null,
      });
    }
    this.cacheKeys = all.map(() => NaN);
    this.cached = all.map(() => null);
  }

  /** Index of the segment in force at `t`. */
  segmentIndexAt(t: number): number {
    let i = this.segments.length - 1;
    while (i > 0 && this.segments[i].start > t) i--;
    return i;
  }

  phaseAt(t: number): string {
    return this.segments[this.segmentIndexAt(t)].name;
  }

  /** True when the API is down at `t`: every replica (or, given a slot, that replica). */
  isDown(t: number, slot?: number): boolean {
    const s = this.segments[this.segmentIndexAt(t)];
    return slot === undefined ? s.down : s.to.slots[slot].down;
  }

  profileAt(t: number, slot = 0): Profile {
    const i = this.segmentIndexAt(t);
    const s = this.segments[i];
    const fraction = rampFraction(s, t);
    const key = i + Math.round(fraction * RAMP_STEPS) / (RAMP_STEPS + 1);
    let profile = this.cached[slot];
    if (key !== this.cacheKeys[slot] || !profile) {
      profile = blend(s.from.slots[slot].profile, s.to.slots[slot].profile, Math.round(fraction * RAMP_STEPS) / RAMP_STEPS);
      this.cached[slot] = profile;
      this.cacheKeys[slot] = key;
    }
    return profile;
  }

  rateAt(t: number): number {
    const s = this.segments[this.segmentIndexAt(t)];
    if (s.down) return 0;
    return this.baseRate(s, t) * shapeFactor(s.to.traffic, t);
  }

  maxRateBetween(a: number, b: number): number {
    // Base rates are piecewise linear: their maximum is at an end or at a breakpoint inside. The shape factor is
    // bounded separately; the product of the two maxima bounds the product.
    const points = [a, b];
    for (const s of this.segments) {
      if (s.start > a && s.start < b) points.push(s.start);
      if (s.start + s.ramp > a && s.start + s.ramp < b) points.push(s.start + s.ramp);
    }
    let maxBase = 0;
    let maxShape = 0;
    let shaped: Traffic | null = null;
    for (const t of points) {
      const s = this.segments[this.segmentIndexAt(t)];
      if (!s.down) maxBase = Math.max(maxBase, this.baseRate(s, t));
      // Points in one segment share its traffic: its shape's bound over [a, b] is taken once (validate's estimate
      // asks this of every minute of a run).
      if (s.to.traffic !== shaped) maxShape = Math.max(maxShape, maxShapeBetween((shaped = s.to.traffic), a, b));
    }
    return maxBase * maxShape;
  }

  /**
   * What happens to each replica and when, in time order: crashes and recoveries at the edges of `down`, drains,
   * restarts, and the replacements of a rolling deploy.
   */
  replicaTransitions(): ReplicaTransition[] {
    const out: ReplicaTransition[] = [];
    for (let i = 1; i < this.segments.length; i++) {
      const s = this.segments[i];
      const prev = this.segments[i - 1].to.slots;
      s.to.slots.forEach((now, slot) => {
        const was = prev[slot];
        if (was.drain && !now.drain) out.push({ at: s.start, slot, change: 'undrain' });
        if (!was.down && now.down) out.push({ at: s.start, slot, change: 'crash' });
        if (was.down && !now.down) out.push({ at: s.start, slot, change: 'recover' });
        if (!was.drain && now.drain) out.push({ at: s.start, slot, change: 'drain' });
      });
      for (const slot of s.restart) if (!s.to.slots[slot].down) out.push({ at: s.start, slot, change: 'restart' });
      s.rollout?.slots.forEach((slot, k) => out.push({ at: s.start + k * s.rollout!.every, slot, change: 'replace' }));
    }
    // Stable: transitions at the same instant keep the order above.
    return out.map((x, i) => ({ x, i })).sort((a, b) => a.x.at - b.x.at || a.i - b.i).map(({ x }) => x);
  }

  private baseRate(s: Segment, t: number): number {
    return blend(s.from.traffic.rate, s.to.traffic.rate, rampFraction(s, t));
  }
}

function rampFraction(s: Segment, t: number): number {
  return s.ramp > 0 ? Math.min(1, Math.max(0, (t - s.start) / s.ramp)) : 1;
}

/** Whether `t` falls on a Saturday or a Sunday, UTC (1 January 1970 was a Thursday). */
export function isWeekend(t: number): boolean {
  const day = (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;
  return day === 0 || day === 6;
}

/**
 * Day/night multiplier at `t`: 1 at the peak hour (UTC), `night_factor` twelve hours later, a cosine between — times
 * `weekend_factor` on Saturdays and Sundays (UTC).
 */
export function shapeFactor(traffic: Traffic, t: number): number {
  const shape = traffic.shape;
  if (!shape) return 1;
  const week = shape.weekend_factor !== undefined && isWeekend(t) ? shape.weekend_factor : 1;
  return dayNightFactor(shape, t) * week;
}

/** The day/night part alone: 1 at the peak hour, `night_factor` twelve hours later, a cosine between. */
function dayNightFactor(shape: NonNullable<Traffic['shape']>, t: number): number {
  const hour = (((t / HOUR_MS) % 24) + 24) % 24;
  const wave = (1 + Math.cos((2 * Math.PI * (hour - shape.peak_hour)) / 24)) / 2;
  return shape.night_factor + (1 - shape.night_factor) * wave;
}

/** The largest weekly multiplier over [a, b]: the weekend's where it is above 1 and [a, b] touches a weekend. */
function maxWeekBetween(traffic: Traffic, a: number, b: number): number {
  const factor = traffic.shape?.weekend_factor ?? 1;
  if (factor <= 1) return 1;
  if (b - a >= 7 * DAY_MS) return factor;
  for (let day = Math.floor(a / DAY_MS) * DAY_MS; day <= b; day += DAY_MS) if (isWeekend(day)) return factor;
  return 1;
}

/** A bound of the shape over [a, b]: the day/night part's maximum times the weekly part's (each at most 1 × factor). */
function maxShapeBetween(traffic: Traffic, a: number, b: number): number {
  return maxDayNightBetween(traffic, a, b) * maxWeekBetween(traffic, a, b);
}

function maxDayNightBetween(traffic: Traffic, a: number, b: number): number {
  const shape = traffic.shape;
  if (!shape) return 1;
  if (b - a >= 24 * HOUR_MS) return 1;
  // The factor rises to the peak and falls after it: its maximum over [a, b] is at an end, or the peak if inside.
  const dayStart = Math.floor(a / (24 * HOUR_MS)) * 24 * HOUR_MS;
  for (const day of [dayStart, dayStart + 24 * HOUR_MS]) {
    const peak = day + shape.peak_hour * HOUR_MS;
    if (peak >= a && peak <= b) return 1;
  }
  return Math.max(dayNightFactor(shape, a), dayNightFactor(shape, b));
}
