/**
 * How many series a run exposes, from the sizes of its label domains, without building them: the recorder creates
 * every series of its domain at start (see recorder.ts), so the count is known before a run begins and can be
 * held to LIMITS.seriesPerRun. Every histogram bucket, `_sum` and `_count` counts, as Prometheus stores them.
 */
import { SOURCES } from '../model/generation.js';
import { TOKEN_TYPES } from '../model/pricing.js';
import { METRICS } from './catalogue.js';

export interface DomainSizes {
  models: number;
  errorTypes: number;
  /** Users, when generations carry a user_id label. */
  users?: number;
}

/** Exposed series of a run whose label domain has these sizes. */
export function exposedSeries(d: DomainSizes): number {
  const users = d.users ?? 1;
  // claude and db_temporal carry the model that wrote the text; templates and hardcoded carry `none`.
  const generated = (2 * d.models + (SOURCES.length - 2)) * users;
  // Every error type, plus `timeout`, for each fallback source.
  const fallback = (d.errorTypes + 1) * METRICS.fallback.labelValues.source.length;
  const duration = SOURCES.length * (METRICS.duration.buckets.length + 3);
  const billing = d.models * (TOKEN_TYPES.length + 1);
  const single = 3; // cache hits, active generations, migration info
  return generated + fallback + duration + billing + single;
}
