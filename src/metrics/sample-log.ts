/**
 * Snapshots of the scrape targets at successive simulated times, kept column by column (one column per exposed sample
 * series: each bucket, `_sum` and `_count` of a histogram is its own column). Virtual runs fill it; the backfill and
 * the promtool exporter read it. A target that is not scraped at a snapshot (down, replaced) leaves NaN in its
 * columns: a failed scrape, or a series that vanished. A log may keep only some columns (those a reader needs).
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

/** Which sample series to keep (by exposed name and labels). */
export type ColumnFilter = (name: string, labels: Readonly<Record<string, string>>) => boolean;

const keepAll: ColumnFilter = () => true;

export class SampleLog {
  /** The metric families, in exposition order (the same for every target). */
  readonly families: readonly MetricDef[];
  /** Snapshot times, ms since epoch, strictly increasing. */
  readonly times: number[];
  readonly columns: SampleColumn[];
  private readonly keep: ColumnFilter;
  /** Per series: the column of each of its sample series (a histogram has several), −1 for one not kept. */
  private readonly slots = new Map<Series, Int32Array>();

  constructor(families: readonly MetricDef[], keep: ColumnFilter = keepAll, shared?: { times: number[]; columns: SampleColumn[] }) {
    this.families = families;
    this.keep = keep;
    this.times = shared?.times ?? [];
    this.columns = shared?.columns ?? [];
  }

  /** Takes a snapshot of every series of `targets` at `t`; a snapshot with no target is not kept. */
  record(t: number, targets: readonly Pick<ScrapeTarget, 'labels' | 'store'>[]): void {
    if (targets.length === 0) return;
    const last = this.times[this.times.length - 1];
    if (last !== undefined && t <= last) throw new RangeError(`snapshot times must increase: ${t} after ${last}`);
    const row = this.times.length;
    this.times.push(t);
    const columns = this.columns;
    for (const target of targets) {
      target.store.families.forEach((family, f) => {
        for (const s of family.series) {
          const slots = this.slots.get(s) ?? this.addColumns(f, family.def, s, target.labels, row);
          if ('counts' in s) {
            let cumulative = 0;
            for (let i = 0; i < s.counts.length; i++) {
              cumulative += s.counts[i];
              if (slots[i] >= 0) columns[slots[i]].values.push(cumulative);
            }
            if (slots[s.counts.length] >= 0) columns[slots[s.counts.length]].values.push(s.sum);
            if (slots[s.counts.length + 1] >= 0) columns[slots[s.counts.length + 1]].values.push(s.count);
          } else if (slots[0] >= 0) {
            columns[slots[0]].values.push(s.value);
          }
        }
      });
    }
    // Columns of targets not scraped this time: no sample.
    for (const column of columns) if (column.values.length === row) column.values.push(NaN);
  }

  /**
   * Forgets the first `rows` snapshots (a streamed run, once they are sent): the log then starts later, its columns
   * and the series they belong to unchanged.
   */
  dropFirstRows(rows: number): void {
    this.times.splice(0, rows);
    for (const c of this.columns) c.values.splice(0, rows);
  }

  /** A read-only view without the columns in `drop` (times and values shared, not copied). */
  withoutColumns(drop: ReadonlySet<SampleColumn>): SampleLog {
    return new SampleLog(this.families, this.keep, { times: this.times, columns: this.columns.filter((c) => !drop.has(c)) });
  }

  /** Columns of family `f`, in exposition order. */
  familyColumns(f: number): SampleColumn[] {
    return this.columns.filter((c) => c.family === f);
  }

  private addColumns(f: number, def: MetricDef, s: Series, target: Labels, rowsBefore: number): Int32Array {
    const labels = { ...target, ...s.labels };
    const wanted: { name: string; labels: Record<string, string> }[] = [];
    if ('counts' in s) {
      for (const b of [...def.buckets!, Infinity]) wanted.push({ name: `${def.name}_bucket`, labels: { ...labels, le: formatLe(b) } });
      wanted.push({ name: `${def.name}_sum`, labels }, { name: `${def.name}_count`, labels });
    } else {
      wanted.push({ name: def.name, labels });
    }
    const slots = new Int32Array(wanted.length).fill(-1);
    wanted.forEach((w, i) => {
      if (!this.keep(w.name, w.labels)) return;
      slots[i] = this.columns.length;
      this.columns.push({ family: f, name: w.name, labels: w.labels, values: new Array<number>(rowsBefore).fill(NaN) });
    });
    this.slots.set(s, slots);
    return slots;
  }
}
