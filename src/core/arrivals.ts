/**
 * Poisson arrivals at a rate that varies in time (ramps, day/night shape), by thinning (Lewis & Shedler, 1979):
 * candidates come at a bounding rate λ* and each is kept with probability rate(t)/λ*. λ* is taken per fixed window,
 * so a ramp from 1/min to 1,000/min does not waste candidates at its low end.
 *
 * Windows are aligned on the origin and a drawn arrival is kept until it is consumed, so the sequence of arrivals
 * depends only on the seed and the rate curve — not on how often the caller asks.
 */
import type { RandomStream } from './random.js';

/** Arrival rate (per second) as a function of simulated time (ms since epoch). */
export interface RateCurve {
  rateAt(t: number): number;
  /** An upper bound of `rateAt` over [a, b]; exact maxima make thinning cheapest. */
  maxRateBetween(a: number, b: number): number;
}

export class PoissonArrivals implements ArrivalProcess {
  private readonly curve: RateCurve;
  private readonly random: RandomStream;
  private readonly windowMs: number;
  private cursor: number;
  private windowEnd: number;
  private boundPerMs = 0;
  private pending: number | null = null;

  constructor(curve: RateCurve, random: RandomStream, origin: number, windowMs = 60_000) {
    this.curve = curve;
    this.random = random;
    this.windowMs = windowMs;
    this.cursor = origin;
    this.windowEnd = origin;
  }

  /** The next arrival if it is at or before `limit`, else null (the draw is kept for later calls). */
  peek(limit: number): number | null {
    while (this.pending === null) {
      if (this.cursor > limit) return null;
      if (this.cursor >= this.windowEnd) this.openWindow();
      if (this.boundPerMs === 0) {
        this.cursor = this.windowEnd;
        continue;
      }
      const candidate = this.cursor + this.random.exponential(this.boundPerMs);
      if (candidate >= this.windowEnd) {
        // Memoryless: restarting the draw at the window's end keeps the process Poisson.
        this.cursor = this.windowEnd;
        continue;
      }
      this.cursor = candidate;
      if (this.random.next() * this.boundPerMs * 1000 < this.curve.rateAt(candidate)) this.pending = candidate;
    }
    return this.pending <= limit ? this.pending : null;
  }

  /** Consumes the arrival that `peek` returned. */
  take(): void {
    this.pending = null;
  }

  private openWindow(): void {
    const start = this.windowEnd;
    this.windowEnd = start + this.windowMs;
    this.boundPerMs = this.curve.maxRateBetween(start, this.windowEnd) / 1000;
  }
}

/** What the event loop asks of an arrival process. */
export interface ArrivalProcess {
  peek(limit: number): number | null;
  take(): void;
}

/** Integration step of RegularArrivals: fine enough that a phase change moves an arrival by at most a second. */
const REGULAR_STEP_MS = 1000;

/**
 * Arrivals without chance, like a load generator's constant arrival rate: the k-th arrival comes when the expected
 * count ∫rate reaches k + ½, so a steady 2/min gives one arrival every 30 s and a 10-minute window always holds
 * exactly 20. Boundary scenarios use it to hold a count just under or over a guard threshold.
 */
export class RegularArrivals implements ArrivalProcess {
  /** Start of the integration step in progress (on a grid of whole steps from the origin, so phase changes at whole seconds are exact). */
  private stepStart: number;
  /** ∫rate from the origin to `stepStart`, and over the step in progress. */
  private expected = 0;
  private gained: number;
  private next = 0.5;
  private pending: number | null = null;

  constructor(
    private readonly curve: RateCurve,
    origin: number,
  ) {
    this.stepStart = origin;
    this.gained = this.gainOver(origin);
  }

  peek(limit: number): number | null {
    while (this.pending === null) {
      if (this.stepStart > limit) return null;
      if (this.expected + this.gained >= this.next) {
        // Linear inside the step: the arrival lands where the expected count crosses its target (to the µs, so that
        // rounding never moves an even spacing).
        const at = this.stepStart + ((this.next - this.expected) / this.gained) * REGULAR_STEP_MS;
        this.pending = Math.round(at * 1000) / 1000;
        this.next += 1;
      } else {
        this.expected += this.gained;
        this.stepStart += REGULAR_STEP_MS;
        this.gained = this.gainOver(this.stepStart);
      }
    }
    return this.pending <= limit ? this.pending : null;
  }

  take(): void {
    this.pending = null;
  }

  private gainOver(start: number): number {
    return (this.curve.rateAt(start + REGULAR_STEP_MS / 2) * REGULAR_STEP_MS) / 1000;
  }
}
