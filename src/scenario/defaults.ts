/**
 * What a scenario gets for every field it does not set: a healthy Astroia Lunar API on Opus 4.5. A median call
 * takes ~1.6 s to the first token and writes ~600 tokens at ~70 tokens/s (≈ 10 s end to end, P95 ≈ 13 s); 5.5 % of calls fail (api_error 3 %, rate_limit 1.5 %, overloaded 1 %), so with
 * 70 % cache hits about 1.7 % of generations are fallbacks.
 */
import { OPUS_4_5 } from '../model/pricing.js';
import type { Profile } from '../model/profile.js';

export const DEFAULT_PROFILE: Profile = {
  cache: { hit_ratio: 0.7, latency: { median: 0.012, sigma: 0.5 } },
  claude: {
    models: { [OPUS_4_5]: 1 },
    ttft: { median: 1.6, sigma: 0.35 },
    output_tokens: { median: 600, sigma: 0.2, max: 2048 },
    tokens_per_second: { median: 70, sigma: 0.12 },
    prompt: { input_tokens: 900, cached_tokens: 3200, cache_hit_ratio: 0.95 },
    errors: { api_error: 0.03, rate_limit: 0.015, overloaded: 0.01 },
    error_latency: { median: 0.8, sigma: 0.5 },
    timeout: 60,
    hang: { probability: 0, duration: 900 },
  },
  // Every request has a template in a healthy API: the hardcoded text is a last resort that pages someone.
  templates: { availability: 1, latency: { median: 0.025, sigma: 0.4 } },
};

/** Scenario time 0 when a file sets no `start`: a Monday at midnight UTC, so day/night shapes begin at night. */
export const DEFAULT_START = '2026-01-05T00:00:00Z';
/** Sample step of virtual runs: Prometheus' usual scrape interval. */
export const DEFAULT_STEP_MS = 15_000;
