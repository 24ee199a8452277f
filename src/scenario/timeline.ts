/**
 * The scenario as a function of time: which phase is in force, the profile and arrival rate at any instant
 * (ramps included), and when the API is down. Times are simulated ms since epoch.
 */
import type { ScenarioTimeline } from '../model/simulation.js';
import { blend, type Profile, type Traffic } from '../model/profile.js';
import type { Scenario } from './scenario.js';

const HOUR_MS = 3_600_000;
/** Ramps move the profile in this many steps: smooth enough, and profiles are not rebuilt per generation. */
const RAMP_STEPS = 200;

interface Segment {
  name: string;
  start: number;
  ramp: number;
  down: boolean;
  from: { profile: Profile; traffic: Traffic };
  to: { profile: Profile; traffic: Traffic };
}

export class Timeline implements ScenarioTimeline {
  /** Segments in time order; the first ("base") starts at −∞. */
  readonly segments: Segment[];
  private cacheKey = NaN;
  private cached: Profile | null = null;

  constructor(scenario: Scenario) {
    const t0 = scenario.start;
    const baseState = { profile: scenario.base, traffic: scenario.traffic };
    this.segments = [{ name: 'base', start: -Infinity, ramp: 0, down: false, from: baseState, to: baseState }];
    for (const p of scenario.phases) {
      const prev = this.segments[this.segments.length - 1];
      this.segments.push({
        name: p.name,
        start: t0 + p.at,
        ramp: p.ramp,
        down: p.down,
        from: prev.to,
        to: { profile: p.profile, traffic: p.traffic },
      });
    }
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

  isDown(t: number): boolean {
    return this.segments[this.segmentIndexAt(t)].down;
  }

  profileAt(t: number): Profile {
    const i = this.segmentIndexAt(t);
    const s = this.segments[i];
    const fraction = rampFraction(s, t);
    const key = i + Math.round(fraction * RAMP_STEPS) / (RAMP_STEPS + 1);
    if (key !== this.cacheKey || !this.cached) {
      this.cached = blend(s.from.profile, s.to.profile, Math.round(fraction * RAMP_STEPS) / RAMP_STEPS);
      this.cacheKey = key;
    }
    return this.cached;
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
    for (const t of points) {
      const s = this.segments[this.segmentIndexAt(t)];
      if (!s.down) maxBase = Math.max(maxBase, this.baseRate(s, t));
      maxShape = Math.max(maxShape, maxShapeBetween(s.to.traffic, a, b));
    }
    return maxBase * maxShape;
  }

  private baseRate(s: Segment, t: number): number {
    return blend(s.from.traffic.rate, s.to.traffic.rate, rampFraction(s, t));
  }
}

function rampFraction(s: Segment, t: number): number {
  return s.ramp > 0 ? Math.min(1, Math.max(0, (t - s.start) / s.ramp)) : 1;
}

/** Day/night multiplier at `t`: 1 at the peak hour (UTC), `night_factor` twelve hours later, a cosine between. */
export function shapeFactor(traffic: Traffic, t: number): number {
  const shape = traffic.shape;
  if (!shape) return 1;
  const hour = (((t / HOUR_MS) % 24) + 24) % 24;
  const wave = (1 + Math.cos((2 * Math.PI * (hour - shape.peak_hour)) / 24)) / 2;
  return shape.night_factor + (1 - shape.night_factor) * wave;
}

function maxShapeBetween(traffic: Traffic, a: number, b: number): number {
  const shape = traffic.shape;
  if (!shape) return 1;
  if (b - a >= 24 * HOUR_MS) return 1;
  // The factor rises to the peak and falls after it: its maximum over [a, b] is at an end, or the peak if inside.
  const dayStart = Math.floor(a / (24 * HOUR_MS)) * 24 * HOUR_MS;
  for (const day of [dayStart, dayStart + 24 * HOUR_MS]) {
    const peak = day + shape.peak_hour * HOUR_MS;
    if (peak >= a && peak <= b) return 1;
  }
  return Math.max(shapeFactor(traffic, a), shapeFactor(traffic, b));
}
