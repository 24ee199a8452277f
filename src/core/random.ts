/**
 * Seeded random streams. A run owns one RandomSource per seed; each concern asks for its own named stream
 * (`arrivals`, `cache`, `latency`…), derived from the seed and the name only. Adding draws to one stream never
 * shifts another, so a new feature does not change every other number of an existing scenario.
 *
 * The generator is sfc32 (small fast counter, PractRand-clean to 2^42 bytes and beyond), seeded through splitmix32
 * from a 32-bit FNV-1a hash of `seed/name`.
 */

/** One independent stream of draws. */
export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(seed32: number) {
    let s = seed32 >>> 0;
    const next = (): number => {
      // splitmix32: spreads a single 32-bit seed over the four words of state.
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Exponential with the given rate (events per unit): the gap between Poisson arrivals. */
  exponential(rate: number): number {
    // 1 - u is in (0, 1]: log never sees 0.
    return -Math.log(1 - this.next()) / rate;
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and log-space sigma: the heavy-tailed shape of service latencies. */
  logNormal(median: number, sigma: number): number {
    return sigma === 0 ? median : median * Math.exp(sigma * this.normal());
  }

  /** Index drawn with probability proportional to `weights[i]` (which need not sum to 1). */
  weighted(weights: readonly number[], total: number): number {
    let x = this.next() * total;
    for (let i = 0; i < weights.length - 1; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** FNV-1a, 32 bits: a stable hash of a stream's name. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The random source of one run: named streams derived from one seed. */
export class RandomSource {
  readonly seed: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.seed = seed;
  }

  /** The stream for `name`: the same object on every call, so its draws continue where they were. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new RandomStream(fnv1a(`${this.seed}/${name}`));
      this.streams.set(name, s);
    }
    return s;
  }
}
