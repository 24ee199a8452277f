/**
 * Snapshots of the scrape targets at successive simulated times, kept column by column (one column per exposed sample
 * series: each bucket, `_sum` and `_count` of a histogram is its own column). Virtual runs fill it; the OpenMetrics
 * writer and the promtool exporter read it. A target that is not scraped at a snapshot (down, replaced) leaves NaN in
 * its columns: a failed scrape, or a series that vanished.
 */
import { formatLe, type MetricDef } from './catalogue.js';
import type { ScrapeTarget } from './fleet-recorder.js';
import type { Labels, Series } from './store.js';

export interface SampleColumn {
  /** Index of the family in `SampleLog.families`. */
  family: number;
  /** Exposed sample name, e.g. `lunar_interpretation_duration_seconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  /** One value per snapshot; NaN where the series was not scraped (not created yet, target down or gone). */
  values: number[];
}

export class SampleLog {
  /** The metric families, in exposition order (the same for every target). */
  readonly families: readonly MetricDef[];
  /** Snapshot times, ms since epoch, strictly increasing. */
  readonly times: number[] = [];
  readonly columns: SampleColumn[] = [];
  private readonly firstColumn = new Map<Series, number>();

  constructor(families: readonly MetricDef[]) {
    this.families = families;
  }

  /** Takes a snapshot of every series of `targets` at `t`; a snapshot with no target is not kept. */
  record(t: number, targets: readonly Pick<ScrapeTarget, 'labels' | 'store'>[]): void {
    if (targets.length === 0) return;
    const last = this.times[this.times.length - 1];
    if (last !== undefined && t <= last) throw new RangeError(`snapshot times must increase: ${t} after ${last}`);
    const row = this.times.length;
    this.times.push(t);
    for (const target of targets) {
      target.store.families.forEach((family, f) => {
        for (const s of family.series) {
          let c = this.firstColumn.get(s);
          if (c === undefined) c = this.addColumns(f, family.def, s, target.labels, row);
          if ('counts' in s) {
            let cumulative = 0;
            for (let i = 0; i < s.counts.length; i++) {
              cumulative += s.counts[i];
              this.columns[c + i].values.push(cumulative);
            }
            this.columns[c + s.counts.length].values.push(s.sum);
            this.columns[c + s.counts.length + 1].values.push(s.count);
          } else {
            this.columns[c].values.push(s.value);
          }
        }
      });
    }
    // Columns of targets not scraped this time: no sample.
    for (const column of this.columns) if (column.values.length === row) column.values.push(NaN);
  }

  /** Columns of family `f`, in exposition order. */
  familyColumns(f: number): SampleColumn[] {
    return this.columns.filter((c) => c.family === f);
  }

  private addColumns(f: number, def: MetricDef, s: Series, target: Labels, rowsBefore: number): number {
    const first = this.columns.length;
    const padding = (): number[] => new Array<number>(rowsBefore).fill(NaN);
    const labels = { ...target, ...s.labels };
    if ('counts' in s) {
      for (const b of [...def.buckets!, Infinity]) {
        this.columns.push({ family: f, name: `${def.name}_bucket`, labels: { ...labels, le: formatLe(b) }, values: padding() });
      }
      this.columns.push({ family: f, name: `${def.name}_sum`, labels, values: padding() });
      this.columns.push({ family: f, name: `${def.name}_count`, labels, values: padding() });
    } else {
      this.columns.push({ family: f, name: def.name, labels, values: padding() });
    }
    this.firstColumn.set(s, first);
    return first;
  }
}
