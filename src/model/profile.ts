/**
 * The behaviour of the simulated API at one moment: how often the cache answers, how Claude behaves, whether
 * templates exist. Keys are the ones scenario files and the control API use (snake_case), with durations already
 * converted to seconds, so one vocabulary serves YAML, JSON and code.
 */

/** A log-normal: `median` in the quantity's unit, `sigma` in log space (0 = constant). */
export interface LogNormalSpec {
  median: number;
  sigma: number;
}

export interface Profile {
  cache: {
    /** Share of requests answered from db_temporal, the interpretation already stored for that user and period. */
    hit_ratio: number;
    /** Seconds to serve a cached interpretation. */
    latency: LogNormalSpec;
  };
  claude: {
    /** Model id → weight. Weights need not sum to 1; 0 turns a model off. */
    models: Record<string, number>;
    /** Seconds to the first token. */
    ttft: LogNormalSpec;
    /** Output tokens per interpretation (`max` is the request's max_tokens). */
    output_tokens: LogNormalSpec & { max: number };
    /** Streaming speed, tokens per second. */
    tokens_per_second: LogNormalSpec;
    prompt: {
      /** Uncached input tokens (user, birth chart, period). */
      input_tokens: number;
      /** Tokens of the cached system prompt: a cache read on a prompt-cache hit, a cache write otherwise. */
      cached_tokens: number;
      /** Share of calls that find the system prompt in Anthropic's prompt cache. */
      cache_hit_ratio: number;
    };
    /** Error type → probability per call (api_error, rate_limit, overloaded, or any snake_case type). */
    errors: Record<string, number>;
    /** Seconds before an error answer comes back. */
    error_latency: LogNormalSpec;
    /** Client timeout, seconds: a longer call is cut and falls back with type `timeout`. */
    timeout: number;
    /** Calls that hang: they stay in flight for `duration` seconds, then fall back with type `timeout`. */
    hang: { probability: number; duration: number };
  };
  templates: {
    /** Share of requests for which a stored template exists; the others get the hardcoded text. */
    availability: number;
    latency: LogNormalSpec;
  };
}

/** The traffic settings at one moment. */
export interface Traffic {
  /** Mean arrivals per second (at the daily peak when a shape is set). */
  rate: number;
  /**
   * Optional day/night shape: rate × (night_factor … 1), peak at `peak_hour` UTC, lowest 12 h later; on Saturdays and
   * Sundays (UTC) the whole day × `weekend_factor` (default 1: no weekly pattern).
   */
  shape?: { peak_hour: number; night_factor: number; weekend_factor?: number };
  /** How requests are spaced: at random (`poisson`, the default) or evenly (`regular`). Set for the whole run. */
  arrivals?: 'poisson' | 'regular';
}

/** A recursive partial, for overrides that change a few fields of a profile. */
export type Override<T> = { [K in keyof T]?: T[K] extends object ? Override<T[K]> : T[K] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `record[key]` when the record itself has it: model ids and error types are user-chosen keys, and a model named
 * `constructor` must not read Object.prototype's.
 */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `base` with the fields of `override` replaced, recursively; neither argument is changed. */
export function applyOverride<T>(base: T, override: Override<T> | undefined): T {
  if (override === undefined) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override as Record<string, unknown>)) {
    if (value === undefined) continue;
    const current = own(out, key);
    out[key] = isRecord(value) && isRecord(current) ? applyOverride(current, value) : value;
  }
  return out as T;
}

/**
 * `base` with a profile override applied. `claude.models` and `claude.errors` are lists in disguise: an override
 * that sets them replaces them whole ("in this phase the only error is api_error at 100 %"), never merges.
 */
export function applyProfileOverride(base: Profile, override: Override<Profile> | undefined): Profile {
  const merged = applyOverride(base, override);
  const c = override?.claude;
  if (c?.models === undefined && c?.errors === undefined) return merged;
  return {
    ...merged,
    claude: {
      ...merged.claude,
      models: (c.models as Record<string, number> | undefined) ?? base.claude.models,
      errors: (c.errors as Record<string, number> | undefined) ?? base.claude.errors,
    },
  };
}

/**
 * The state `fraction` of the way from `from` to `to` (0 → from, 1 → to), for ramps: numbers move linearly,
 * keys present on one side only move from/to 0, anything else switches at the end of the ramp.
 */
export function blend<T>(from: T, to: T, fraction: number): T {
  if (fraction <= 0) return from;
  if (fraction >= 1) return to;
  if (typeof from === 'number' && typeof to === 'number') return (from + (to - from) * fraction) as T;
  if (isRecord(from) && isRecord(to)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      const a = own(from, key) ?? (typeof own(to, key) === 'number' ? 0 : undefined);
      const b = own(to, key) ?? (typeof own(from, key) === 'number' ? 0 : undefined);
      out[key] = blend(a, b, fraction);
    }
    return out as T;
  }
  return to;
}
