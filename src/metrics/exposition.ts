/**
 * The live exposition: a prom-client Registry whose metrics read the MetricStore at scrape time. prom-client
 * formats both the Prometheus text format and OpenMetrics; the store stays the one source of values.
 *
 * prom-client renames counters in place when it renders OpenMetrics, so each content type gets its own registry
 * and its own views: a scrape in one format never changes the names the other one shows.
 */
import { Registry, collectDefaultMetrics, openMetricsContentType, type Metric, type RegistryContentType } from 'prom-client';
import { formatLe, type MetricDef } from './catalogue.js';
import type { Family, MetricStore, ScalarSeries, Series } from './store.js';

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/**
 * A read-only view of one family in the shape prom-client's Registry renders. The value objects — one per series, or
 * per bucket, sum and count of a histogram series — are made once, with their labels, when a series first appears
 * (series are only ever added): a scrape only writes the current numbers into them, as prom-client's own metrics keep
 * their label objects, instead of copying every label set and formatting every `le` again.
 */
class FamilyView {
  name: string;
  readonly help: string;
  readonly type: string;
  readonly aggregator = 'sum';
  private readonly family: Family;
  private readonly values: MetricValue[] = [];
  /** Series whose value objects exist. */
  private viewed = 0;

  constructor(family: Family) {
    this.family = family;
    this.name = family.def.name;
    this.help = family.def.help;
    this.type = family.def.type;
  }

  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    const series = this.family.series;
    for (; this.viewed < series.length; this.viewed++) pushValues(this.values, this.family.def, this.name, series[this.viewed]);
    let j = 0;
    for (const s of series) {
      if ('counts' in s) {
        let cumulative = 0;
        for (let i = 0; i < s.counts.length; i++) this.values[j++].value = cumulative += s.counts[i];
        this.values[j++].value = s.sum;
        this.values[j++].value = s.count;
      } else {
        this.values[j++].value = (s as ScalarSeries).value;
      }
    }
    return { name: this.name, help: this.help, type: this.type, values: this.values, aggregator: this.aggregator };
  }
}

/** The value objects of one series, in exposition order, their numbers written at each scrape. */
function pushValues(values: MetricValue[], def: MetricDef, name: string, s: Series): void {
  if (!('counts' in s)) {
    values.push({ value: 0, labels: { ...s.labels } });
    return;
  }
  for (const b of [...def.buckets!, Infinity]) values.push({ metricName: `${name}_bucket`, value: 0, labels: { ...s.labels, le: formatLe(b) } });
  values.push({ metricName: `${name}_sum`, value: 0, labels: { ...s.labels } });
  values.push({ metricName: `${name}_count`, value: 0, labels: { ...s.labels } });
}

export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** A fresh registry (never prom-client's global one) exposing `store` in the given format. */
export function createRegistry(store: MetricStore, format: ExpositionFormat): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  if (format === 'openmetrics') registry.setContentType(openMetricsContentType);
  for (const family of store.families) registry.registerMetric(new FamilyView(family) as unknown as Metric);
  return registry;
}

/** Both registries of a store, picked per scrape by content negotiation. */
export class Exposition {
  private readonly registries: Record<ExpositionFormat, Registry<RegistryContentType>>;

  /**
   * `processMetrics` adds prom-client's process and Node.js runtime metrics (the simulator's own, not the simulated
   * API's): off by default, as the simulated API's exposition should hold only its own metrics. `labels` are added
   * to every series.
   */
  constructor(store: MetricStore, options: { processMetrics?: boolean; labels?: Record<string, string> } = {}) {
    this.registries = { prometheus: createRegistry(store, 'prometheus'), openmetrics: createRegistry(store, 'openmetrics') };
    for (const registry of Object.values(this.registries)) {
      if (options.processMetrics) collectDefaultMetrics({ register: registry });
      // Labels of the process itself (a fleet's `pod`), on every series it exposes.
      if (options.labels) registry.setDefaultLabels(options.labels);
    }
  }

  /** The format a scraper asks for in its Accept header (Prometheus asks for OpenMetrics first when it can). */
  static negotiate(accept: string | undefined): ExpositionFormat {
    return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
  }

  async render(format: ExpositionFormat): Promise<{ contentType: string; body: string }> {
    const r = this.registries[format];
    return { contentType: r.contentType, body: await r.metrics() };
  }
}
