/**
 * The reference the /metrics figure is measured against: a prom-client registry with the same families as a run's
 * store — the same counters, gauges and histograms, the same names, help, label names, buckets and series, holding the
 * same counts — so the ratio says what lunar-sim's own exposition costs against prom-client rendering the same page.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HistogramSeries, MetricStore, ScalarSeries } from '../src/metrics/store.js';

/** A registry mirroring every family and series of `store`. */
export function promClientMirror(store: MetricStore): Registry {
  const registry = new Registry();
  for (const family of store.families) {
    const { name, help, labelNames, buckets } = family.def;
    const common = { name, help, labelNames: [...labelNames], registers: [registry] };
    if (family.def.type === 'histogram') {
      const h = new Histogram({ ...common, buckets: [...buckets!] });
      for (const s of family.series as HistogramSeries[]) {
        h.zero(s.labels); // a series with no observation yet is on the page too
        // Observations at each bucket's bound, as many as the bucket holds: the same cumulative counts.
        s.counts.forEach((n, i) => {
          for (let k = 0; k < n; k++) h.observe(s.labels, i < buckets!.length ? buckets![i] : buckets![buckets!.length - 1] * 2);
        });
      }
    } else if (family.def.type === 'counter') {
      const c = new Counter(common);
      for (const s of family.series as ScalarSeries[]) c.inc(s.labels, s.value);
    } else {
      const g = new Gauge(common);
      for (const s of family.series as ScalarSeries[]) g.set(s.labels, s.value);
    }
  }
  return registry;
}
