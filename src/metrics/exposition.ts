/**
 * The live exposition: a prom-client Registry whose metrics read the MetricStore at scrape time. prom-client
 * formats both the Prometheus text format and OpenMetrics; the store stays the one source of values.
 *
 * prom-client renames counters in place when it renders OpenMetrics, so each content type gets its own registry
 * and its own views: a scrape in one format never changes the names the other one shows.
 */
import { Registry, collectDefaultMetrics, openMetricsContentType, type Metric, type RegistryContentType } from 'prom-client';
import { formatLe, type MetricDef } from './catalogue.js';
import type { Family, HistogramSeries, MetricStore, ScalarSeries } from './store.js';

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** A read-only view of one family in the shape prom-client's Registry renders. */
class FamilyView {
  name: string;
  readonly help: string;
  readonly type: string;
  readonly aggregator = 'sum';
  private readonly family: Family;

  constructor(family: Family) {
    this.family = family;
    this.name = family.def.name;
    this.help = family.def.help;
    this.type = family.def.type;
  }

  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    const def = this.family.def;
    const values: MetricValue[] = [];
    for (const s of this.family.series) {
      if ('counts' in s) pushHistogram(values, def, this.name, s);
      else values.push({ value: (s as ScalarSeries).value, labels: { ...s.labels } });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

function pushHistogram(values: MetricValue[], def: MetricDef, name: string, s: HistogramSeries): void {
  const bounds = [...def.buckets!, Infinity];
  let cumulative = 0;
  bounds.forEach((b, i) => {
    cumulative += s.counts[i];
    values.push({ metricName: `${name}_bucket`, value: cumulative, labels: { ...s.labels, le: formatLe(b) } });
  });
  values.push({ metricName: `${name}_sum`, value: s.sum, labels: { ...s.labels } });
  values.push({ metricName: `${name}_count`, value: s.count, labels: { ...s.labels } });
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
