/**
 * One generation, step by step (DESIGN.md): cache hit → else a Claude call (time to first token + output tokens at
 * a streaming speed, log-normal spreads) that can fail with a typed error, be cut at the client timeout, or hang →
 * on failure a stored template → else the hardcoded text. Drawing an outcome is pure given the random streams.
 */
import type { RandomSource, RandomStream } from '../core/random.js';
import { costOf, priceOf, type PriceTable, type TokenCounts } from './pricing.js';
import type { Profile } from './profile.js';

export const SOURCES = ['claude', 'db_temporal', 'db_template', 'hardcoded'] as const;
export type Source = (typeof SOURCES)[number];

/** Fallback type of calls cut at the client timeout, and of hangs when they end. */
export const TIMEOUT = 'timeout';
/** The `model` label of generations that no model wrote (templates, hardcoded). */
export const NO_MODEL = 'none';

/** Seconds the hardcoded text takes: it is compiled into the API. */
const HARDCODED_SECONDS = 0.001;

export interface Generation {
  /** Simulated start and end, ms since epoch. */
  startedAt: number;
  endsAt: number;
  source: Source;
  /** The model that wrote the text served (`none` for templates and hardcoded). */
  model: string;
  /** Why Claude was not used, for fallbacks; null otherwise. */
  fallbackType: string | null;
  durationSeconds: number;
  /** Tokens billed by a Claude call (also for a call cut at the timeout), and to which model; null if none. */
  tokens: TokenCounts | null;
  billedModel: string;
  costUsd: number;
  /** The user, when the run labels generations by user (see UserPool); null otherwise. */
  userId: string | null;
  /** The pod that serves it (see Fleet), and that pod's epoch when it started: a later epoch means it was lost. */
  pod: number;
  epoch: number;
}

/** The random streams the pipeline draws from, one per concern. */
export interface GenerationStreams {
  cache: RandomStream;
  models: RandomStream;
  latency: RandomStream;
  tokens: RandomStream;
  failures: RandomStream;
  fallback: RandomStream;
}

/** Named streams of `random` for the pipeline; `prefix` keeps e.g. HTTP requests apart from scenario traffic. */
export function generationStreams(random: RandomSource, prefix = ''): GenerationStreams {
  return {
    cache: random.stream(`${prefix}cache`),
    models: random.stream(`${prefix}models`),
    latency: random.stream(`${prefix}latency`),
    tokens: random.stream(`${prefix}tokens`),
    failures: random.stream(`${prefix}failures`),
    fallback: random.stream(`${prefix}fallback`),
  };
}

/** Arrays derived from a profile once, not per generation. */
interface PreparedProfile {
  modelIds: string[];
  modelWeights: number[];
  modelTotal: number;
  errorTypes: string[];
  errorProbabilities: number[];
}

const prepared = new WeakMap<Profile, PreparedProfile>();

function prepare(profile: Profile): PreparedProfile {
  let p = prepared.get(profile);
  if (!p) {
    const models = Object.entries(profile.claude.models).filter(([, w]) => w > 0);
    const errors = Object.entries(profile.claude.errors).filter(([, w]) => w > 0);
    p = {
      modelIds: models.map(([id]) => id),
      modelWeights: models.map(([, w]) => w),
      modelTotal: models.reduce((s, [, w]) => s + w, 0),
      errorTypes: errors.map(([t]) => t),
      errorProbabilities: errors.map(([, w]) => w),
    };
    prepared.set(profile, p);
  }
  return p;
}

/** Draws the whole outcome of a generation that starts at `now` under `profile`. */
export function drawGeneration(
  now: number,
  profile: Profile,
  prices: PriceTable,
  streams: GenerationStreams,
): Generation {
  const p = prepare(profile);
  const model = p.modelTotal > 0 ? p.modelIds[streams.models.weighted(p.modelWeights, p.modelTotal)] : NO_MODEL;
  if (streams.cache.chance(profile.cache.hit_ratio)) {
    const seconds = streams.latency.logNormal(profile.cache.latency.median, profile.cache.latency.sigma);
    return finished(now, 'db_temporal', model, null, seconds, null, model, 0);
  }
  if (p.modelTotal === 0) return fallback(now, profile, streams, 'api_error', 0, null, NO_MODEL, 0);
  return claudeCall(now, profile, prices, streams, p, model);
}

function claudeCall(
  now: number,
  profile: Profile,
  prices: PriceTable,
  s: GenerationStreams,
  p: PreparedProfile,
  model: string,
): Generation {
  const c = profile.claude;
  const u = s.failures.next();
  if (u < c.hang.probability) return fallback(now, profile, s, TIMEOUT, c.hang.duration, null, model, 0);
  let threshold = c.hang.probability;
  for (let i = 0; i < p.errorTypes.length; i++) {
    threshold += p.errorProbabilities[i];
    if (u < threshold) {
      const seconds = s.latency.logNormal(c.error_latency.median, c.error_latency.sigma);
      return fallback(now, profile, s, p.errorTypes[i], seconds, null, model, 0);
    }
  }
  const ttft = s.latency.logNormal(c.ttft.median, c.ttft.sigma);
  const output = Math.min(c.output_tokens.max, Math.max(1, Math.round(s.tokens.logNormal(c.output_tokens.median, c.output_tokens.sigma))));
  const speed = s.latency.logNormal(c.tokens_per_second.median, c.tokens_per_second.sigma);
  const seconds = ttft + output / speed;
  const promptCached = s.tokens.chance(c.prompt.cache_hit_ratio);
  const price = priceOf(prices, model);
  // Validation (scenario/profile-checks.ts) prices every model that can be drawn: a miss is a bug, not a NaN.
  if (price === undefined) throw new Error(`no prices for model ${model}`);
  if (seconds > c.timeout) {
    // A streamed call cut at the timeout is still billed for its input and the tokens produced so far.
    const produced = Math.max(0, Math.floor((c.timeout - ttft) * speed));
    const tokens = tokenCounts(c.prompt, promptCached, produced);
    return fallback(now, profile, s, TIMEOUT, c.timeout, tokens, model, costOf(tokens, price));
  }
  const tokens = tokenCounts(c.prompt, promptCached, output);
  return finished(now, 'claude', model, null, seconds, tokens, model, costOf(tokens, price));
}

function tokenCounts(prompt: Profile['claude']['prompt'], cached: boolean, output: number): TokenCounts {
  return {
    input: prompt.input_tokens,
    cache_write: cached ? 0 : prompt.cached_tokens,
    cache_read: cached ? prompt.cached_tokens : 0,
    output,
  };
}

function fallback(
  now: number,
  profile: Profile,
  s: GenerationStreams,
  type: string,
  elapsed: number,
  tokens: TokenCounts | null,
  billedModel: string,
  cost: number,
): Generation {
  if (s.fallback.chance(profile.templates.availability)) {
    const seconds = elapsed + s.latency.logNormal(profile.templates.latency.median, profile.templates.latency.sigma);
    return finished(now, 'db_template', NO_MODEL, type, seconds, tokens, billedModel, cost);
  }
  return finished(now, 'hardcoded', NO_MODEL, type, elapsed + HARDCODED_SECONDS, tokens, billedModel, cost);
}

function finished(
  now: number,
  source: Source,
  model: string,
  fallbackType: string | null,
  seconds: number,
  tokens: TokenCounts | null,
  billedModel: string,
  costUsd: number,
): Generation {
  return {
    startedAt: now,
    endsAt: now + seconds * 1000,
    source,
    model,
    fallbackType,
    durationSeconds: seconds,
    tokens,
    billedModel,
    costUsd,
    userId: null,
    pod: 0,
    epoch: 0,
  };
}
