/** An estimate with its standard error: what every fitted parameter of `calibrate` is reported as. */
export interface Estimate {
  value: number;
  /** One standard error; NaN when the data cannot say (too few points). */
  se: number;
}

/** A share k/n with its binomial standard error (0/0: NaN, nothing observed). */
export function share(k: number, n: number): Estimate {
  if (!(n > 0)) return { value: Number.NaN, se: Number.NaN };
  const p = Math.min(1, Math.max(0, k / n));
  return { value: p, se: Math.sqrt((p * (1 - p)) / n) };
}
