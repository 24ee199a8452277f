/**
 * The values of every series, kept in plain objects the recorder can bump in a few nanoseconds. The live
 * exposition (prom-client) and the timestamped backfill writer both read from here, so they never disagree.
 */
import type { MetricDef } from './catalogue.js';

export type Labels = Readonly<Record<string, string>>;

export interface ScalarSeries {
  readonly labels: Labels;
  value: number;
}

export interface HistogramSeries {
  readonly labels: Labels;
  /** Per-bucket counts (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

export type Series = ScalarSeries | HistogramSeries;

/** One metric and its series, in creation order (which is exposition order). */
export class Family<S extends Series = Series> {
  readonly def: MetricDef;
  readonly series: S[] = [];
  private readonly index = new Map<string, S>();

  constructor(def: MetricDef) {
    this.def = def;
  }

  /** The series for these label values (in `def.labelNames` order), created at 0 on first use. */
  get(values: readonly string[]): S {
    const key = values.join('\u0000');
    let s = this.index.get(key);
    if (!s) {
      const labels: Record<string, string> = {};
      this.def.labelNames.forEach((n, i) => (labels[n] = values[i]));
      s = (this.def.type === 'histogram'
        ? { labels, counts: new Float64Array(this.def.buckets!.length + 1), sum: 0, count: 0 }
        : { labels, value: 0 }) as S;
      this.index.set(key, s);
      this.series.push(s);
    }
    return s;
  }

  /** Back to 0, series kept: what a restarted process exposes. */
  reset(): void {
    for (const s of this.series) {
      if ('counts' in s) {
        s.counts.fill(0);
        s.sum = 0;
        s.count = 0;
      } else {
        s.value = 0;
      }
    }
  }
}

/** Records one observation into a histogram series. */
export function observe(def: MetricDef, s: HistogramSeries, value: number): void {
  const bounds = def.buckets!;
  let i = 0;
  while (i < bounds.length && value > bounds[i]) i++;
  s.counts[i] += 1;
  s.sum += value;
  s.count += 1;
}

/** Every family of a run, keyed by metric name. */
export class MetricStore {
  readonly families: Family[];
  private readonly byName = new Map<string, Family>();

  constructor(defs: readonly MetricDef[]) {
    this.families = defs.map((d) => new Family(d));
    for (const f of this.families) this.byName.set(f.def.name, f);
  }

  family<S extends Series>(def: MetricDef): Family<S> {
    const f = this.byName.get(def.name);
    if (!f) throw new Error(`metric ${def.name} is not in this store`);
    return f as Family<S>;
  }

  reset(): void {
    for (const f of this.families) f.reset();
  }
}
