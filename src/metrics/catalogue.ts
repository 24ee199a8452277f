/**
 * The metric catalogue: every name, help text, label, label domain and bucket lunar-sim exports. Nothing else in the
 * project spells a metric name. Names come from the Astroia Lunar monitoring guide and must not change.
 */
import { SOURCES } from '../model/generation.js';
import { TOKEN_TYPES } from '../model/pricing.js';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** The optional per-user label of `lunar_interpretation_generated_total` (the guide's "top 10 users" panel). */
export const USER_ID = 'user_id';

export interface MetricDef {
  /** The exposed name (counters end in `_total`, as the guide writes them). */
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  /** Closed label domains: values outside these are a mistake in a query. Open labels are absent. */
  labelValues?: Readonly<Record<string, readonly string[]>>;
  /** Histogram upper bounds, seconds, ascending, without +Inf. */
  buckets?: readonly number[];
  /** Labels a scenario may switch on (after `labelNames`); off by default for their cardinality. */
  optionalLabelNames?: readonly string[];
}

/**
 * Duration buckets. 15, 30 and 45 s are the guide's latency thresholds (panel 5 colours, the two P95 alerts) and
 * must be bounds so `histogram_quantile` is exact there; the tail reaches 300 s for timeouts and hangs.
 */
export const DURATION_BUCKETS = [0.05, 0.1, 0.5, 1, 2.5, 5, 7.5, 10, 12.5, 15, 20, 25, 30, 37.5, 45, 60, 90, 120, 300] as const;

export const METRICS = {
  generated: {
    name: 'lunar_interpretation_generated_total',
    help: 'Completed lunar interpretation generations, by the source that served them and the model that wrote the text (none for templates and hardcoded).',
    type: 'counter',
    labelNames: ['source', 'model'],
    labelValues: { source: SOURCES },
    // One series per user: only with a scenario's `user_id_label`, which bounds the number of users.
    optionalLabelNames: [USER_ID],
  },
  cacheHit: {
    name: 'lunar_interpretation_cache_hit_total',
    help: 'Generations served from db_temporal, an interpretation already stored for the user and period.',
    type: 'counter',
    labelNames: [],
  },
  fallback: {
    name: 'lunar_interpretation_fallback_total',
    help: 'Generations served by a fallback, by why Claude was not used (type) and the fallback that served them (source).',
    type: 'counter',
    labelNames: ['type', 'source'],
    labelValues: { source: ['db_template', 'hardcoded'] },
  },
  duration: {
    name: 'lunar_interpretation_duration_seconds',
    help: 'End-to-end generation time in seconds, by the source that served the generation.',
    type: 'histogram',
    labelNames: ['source'],
    labelValues: { source: SOURCES },
    buckets: DURATION_BUCKETS,
  },
  active: {
    name: 'lunar_interpretation_active_generations',
    help: 'Generations in flight; a hung call keeps it up.',
    type: 'gauge',
    labelNames: [],
  },
  migration: {
    name: 'lunar_migration_info',
    help: 'Metadata of the V2 migration (always 1).',
    type: 'gauge',
    labelNames: ['version', 'templates_count', 'date', 'architecture'],
  },
  tokens: {
    name: 'lunar_interpretation_tokens_total',
    help: 'Tokens billed by Claude calls, by model and token type (input, cache_write, cache_read, output).',
    type: 'counter',
    labelNames: ['model', 'type'],
    labelValues: { type: TOKEN_TYPES },
  },
  cost: {
    name: 'lunar_interpretation_cost_usd_total',
    help: 'Cost of Claude calls in USD, priced from tokens at list prices, by model.',
    type: 'counter',
    labelNames: ['model'],
  },
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;

/** Every metric, in exposition order. */
export const METRIC_LIST: readonly MetricDef[] = Object.values(METRICS);

/** The labels of `lunar_migration_info` (the guide's panel 14). */
export const MIGRATION_INFO = {
  version: '2.0.0',
  templates_count: '1728',
  date: '2026-01-24',
  architecture: 'claude_opus_4_5+db_temporal+db_template+hardcoded',
} as const;

/** Target labels of a fleet's series: which process wrote them (Prometheus attaches `instance` to every scrape). */
export const INSTANCE = 'instance';
export const POD = 'pod';

/** The port the simulated API serves /metrics on in a fleet's `instance` labels (lunar-sim run's default). */
export const METRICS_PORT = 9464;

/** A pod's name: slot and rollout revision, as a Deployment's pods are told apart (`lunar-api-v1-0`, `lunar-api-v2-0`). */
export function podName(slot: number, revision: number): string {
  return `lunar-api-v${revision + 1}-${slot}`;
}

/** The replica slot of a pod named by `podName`; null for any other name. */
export function slotOfPod(name: string): number | null {
  const m = /^lunar-api-v\d+-(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** The target labels a scrape of a fleet's pod attaches (in virtual runs; live, Prometheus sets `instance`). */
export function targetLabels(slot: number, revision: number): Record<string, string> {
  const pod = podName(slot, revision);
  return { [INSTANCE]: `${pod}:${METRICS_PORT}`, [POD]: pod };
}

/** `def` with its optional labels switched on. */
export function withOptionalLabels(def: MetricDef): MetricDef {
  return { ...def, labelNames: [...def.labelNames, ...(def.optionalLabelNames ?? [])] };
}

/** The family name OpenMetrics uses: counters drop their `_total` suffix, which only their samples carry. */
export function familyName(def: MetricDef): string {
  return def.type === 'counter' ? def.name.replace(/_total$/, '') : def.name;
}

/** How `le` is written everywhere (live exposition and backfill): one spelling, so one series per bucket. */
export function formatLe(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}
