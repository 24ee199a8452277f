/**
 * Time for the simulation. Everything in core/ and model/ reads time through a Clock that is passed in, so a run
 * on a virtual clock is reproducible and a live run uses the same code. Times are milliseconds since the Unix epoch,
 * in simulated time.
 */
export interface Clock {
  /** Current simulated time, ms since the Unix epoch. */
  now(): number;
}

/** A clock that only moves when told to: virtual runs go as fast as the CPU allows. */
export class VirtualClock implements Clock {
  private current: number;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Moves the clock forward; time never goes back. */
  advanceTo(ms: number): void {
    if (ms < this.current) throw new RangeError(`virtual clock cannot go back from ${this.current} to ${ms}`);
    this.current = ms;
  }
}

/** Reads real elapsed time, e.g. `performance.now` or `Date.now`. Injected so that tests can drive it. */
export type ElapsedSource = () => number;

/**
 * Simulated time that follows real time: `start + (elapsed − origin) × speed`. At speed 10 an hour of scenario passes
 * in six real minutes, so every rate that Prometheus computes is 10× the simulated one. The real origin defaults to
 * the moment of construction; given one in the future, the clock stands at `start` until then (a live run that must
 * begin exactly where a backfilled history ends).
 */
export class RealClock implements Clock {
  private readonly startMs: number;
  private readonly speed: number;
  private readonly elapsed: ElapsedSource;
  private readonly origin: number;

  constructor(startMs: number, speed: number, elapsed: ElapsedSource, realOrigin: number = elapsed()) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
    this.startMs = startMs;
    this.speed = speed;
    this.elapsed = elapsed;
    this.origin = realOrigin;
  }

  now(): number {
    return this.startMs + Math.max(0, this.elapsed() - this.origin) * this.speed;
  }

  /** Real milliseconds that `simulatedMs` of scenario time take at this speed. */
  realDelay(simulatedMs: number): number {
    return simulatedMs / this.speed;
  }
}
