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

export class PoissonArrivals {
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
