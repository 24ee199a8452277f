/**
 * The two clocks of a demo or drill: simulated time (the scenario's) and real time (Prometheus' timestamps), tied at
 * one instant and running at `speed` to one. The backfilled history, every scrape, rule evaluation and notification
 * lives on the real axis; everything shown or judged is mapped back to the simulated one.
 */
export class TimeAxis {
  /** Simulated time (ms since epoch) at the tie instant: where the history ends and the live run begins. */
  readonly simOrigin: number;
  /** Real time (ms since epoch) of the tie instant. */
  readonly realOrigin: number;
  readonly speed: number;

  constructor(simOrigin: number, realOrigin: number, speed: number) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
    this.simOrigin = simOrigin;
    this.realOrigin = realOrigin;
    this.speed = speed;
  }

  /** Real time of simulated instant `sim`. */
  toReal(sim: number): number {
    return this.realOrigin + (sim - this.simOrigin) / this.speed;
  }

  /** Simulated instant of real time `real`. */
  toSim(real: number): number {
    return this.simOrigin + (real - this.realOrigin) * this.speed;
  }
}
