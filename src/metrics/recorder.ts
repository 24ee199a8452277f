/**
 * Turns pipeline events into metric values, as the Astroia Lunar API would record them on completion: one
 * `generated_total{source,model}`, the duration under that source, cache and fallback counters, tokens and cost.
 */
import type { Outcome } from '../model/aggregate/outcome-table.js';
import { NO_MODEL, SOURCES, TIMEOUT, type Generation } from '../model/generation.js';
import { TOKEN_TYPES } from '../model/pricing.js';
import type { GenerationSink } from '../model/simulation.js';
import { METRICS, METRIC_LIST, MIGRATION_INFO, withOptionalLabels, type MetricDef } from './catalogue.js';
import { MetricStore, observe, type Family, type HistogramSeries, type ScalarSeries } from './store.js';

/** The label values a run can produce, so that every series exists (at 0) before its first event. */
export interface LabelDomain {
  models: readonly string[];
  errorTypes: readonly string[];
  /** Users, when generations carry a `user_id` label. */
  users?: readonly string[];
}

/** The metric families a run records, in exposition order (the user label switched on when the domain has users). */
export function recordedMetrics(domain: LabelDomain): MetricDef[] {
  return METRIC_LIST.map((d) => (domain.users !== undefined && d === METRICS.generated ? withOptionalLabels(d) : d));
}

export class Recorder implements GenerationSink {
  readonly store: MetricStore;
  private readonly generated: Family<ScalarSeries>;
  private readonly cacheHit: ScalarSeries;
  private readonly fallback: Family<ScalarSeries>;
  private readonly duration: Family<HistogramSeries>;
  private readonly active: ScalarSeries;
  private readonly tokens: Family<ScalarSeries>;
  private readonly cost: Family<ScalarSeries>;
  /** source → model → series: two map lookups on strings the pipeline already holds, no key building. */
  private readonly generatedBySource = new Map<string, Map<string, ScalarSeries>>();
  private readonly byUser: boolean;
  private readonly durationBySource = new Map<string, HistogramSeries>();
  private readonly billingByModel = new Map<string, { tokens: ScalarSeries[]; cost: ScalarSeries }>();

  constructor(domain: LabelDomain) {
    this.byUser = domain.users !== undefined;
    this.store = new MetricStore(recordedMetrics(domain));
    this.generated = this.store.family<ScalarSeries>(METRICS.generated);
    this.cacheHit = this.store.family<ScalarSeries>(METRICS.cacheHit).get([]);
    this.fallback = this.store.family<ScalarSeries>(METRICS.fallback);
    this.duration = this.store.family<HistogramSeries>(METRICS.duration);
    this.active = this.store.family<ScalarSeries>(METRICS.active).get([]);
    this.tokens = this.store.family<ScalarSeries>(METRICS.tokens);
    this.cost = this.store.family<ScalarSeries>(METRICS.cost);
    const m = Object.values(MIGRATION_INFO);
    this.store.family<ScalarSeries>(METRICS.migration).get(m).value = 1;
    for (const source of SOURCES) {
      const models = source === 'claude' || source === 'db_temporal' ? [...domain.models].sort() : [NO_MODEL];
      for (const model of models) for (const user of domain.users ?? [null]) this.generatedSeries(source, model, user);
      this.durationSeries(source);
    }
    for (const type of [...new Set([...domain.errorTypes, TIMEOUT])].sort()) {
      for (const source of ['db_template', 'hardcoded']) this.fallback.get([type, source]);
    }
    for (const model of [...domain.models].sort()) this.billingSeries(model);
  }

  started(): void {
    this.active.value += 1;
  }

  /** `count` generations started at once (aggregate mode). */
  startedMany(count: number): void {
    this.active.value += count;
  }

  /**
   * `count` generations of one aggregate outcome completed: the same metrics as `completed`, with the outcome's mean
   * duration in `_sum` and its mean tokens and cost. With a user label, `generated_total` comes from `completedByUser`.
   */
  completedOutcomes(o: Outcome, count: number): void {
    this.active.value -= count;
    if (!this.byUser) this.generatedSeries(o.source, o.model, null).value += count;
    const h = this.durationSeries(o.source);
    h.counts[o.bucket] += count;
    h.sum += count * o.meanSeconds;
    h.count += count;
    if (o.source === 'db_temporal') this.cacheHit.value += count;
    if (o.fallbackType !== null) this.fallback.get([o.fallbackType, o.source]).value += count;
    const t = o.tokens;
    if (t !== null) {
      const billing = this.billingSeries(o.billedModel);
      for (let i = 0; i < TOKEN_TYPES.length; i++) billing.tokens[i].value += count * t[TOKEN_TYPES[i]];
      billing.cost.value += count * o.costUsd;
    }
  }

  /** Aggregate completions of (source, model), split by user. */
  completedByUser(source: string, model: string, counts: readonly (readonly [string, number])[]): void {
    for (const [user, n] of counts) this.generatedSeries(source, model, user).value += n;
  }

  completed(g: Generation): void {
    this.active.value -= 1;
    this.generatedSeries(g.source, g.model, g.userId).value += 1;
    observe(METRICS.duration, this.durationSeries(g.source), g.durationSeconds);
    if (g.source === 'db_temporal') this.cacheHit.value += 1;
    if (g.fallbackType !== null) this.fallback.get([g.fallbackType, g.source]).value += 1;
    const t = g.tokens;
    if (t !== null) {
      const billing = this.billingSeries(g.billedModel);
      for (let i = 0; i < TOKEN_TYPES.length; i++) billing.tokens[i].value += t[TOKEN_TYPES[i]];
      billing.cost.value += g.costUsd;
    }
  }

  /** The API restarted: every counter back to 0, nothing in flight. */
  restarted(): void {
    this.store.reset();
    this.store.family<ScalarSeries>(METRICS.migration).series.forEach((s) => (s.value = 1));
  }

  private generatedSeries(source: string, model: string, user: string | null): ScalarSeries {
    // Per-user series are rare enough (an opt-in) to be looked up by their full key.
    if (this.byUser) return this.generated.get([source, model, user ?? '']);
    let byModel = this.generatedBySource.get(source);
    if (!byModel) this.generatedBySource.set(source, (byModel = new Map()));
    let s = byModel.get(model);
    if (!s) byModel.set(model, (s = this.generated.get([source, model])));
    return s;
  }

  private billingSeries(model: string): { tokens: ScalarSeries[]; cost: ScalarSeries } {
    let b = this.billingByModel.get(model);
    if (!b) {
      b = { tokens: TOKEN_TYPES.map((type) => this.tokens.get([model, type])), cost: this.cost.get([model]) };
      this.billingByModel.set(model, b);
    }
    return b;
  }

  private durationSeries(source: string): HistogramSeries {
    let s = this.durationBySource.get(source);
    if (!s) this.durationBySource.set(source, (s = this.duration.get([source])));
    return s;
  }
}
