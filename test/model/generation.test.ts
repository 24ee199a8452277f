import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/core/random.js';
import { drawGeneration, generationStreams, type Generation } from '../../src/model/generation.js';
import { LIST_PRICES, OPUS_4_5, costOf } from '../../src/model/pricing.js';
import { applyProfileOverride, type Override, type Profile } from '../../src/model/profile.js';
import { DEFAULT_PROFILE } from '../../src/scenario/defaults.js';

function draw(n: number, override: Override<Profile>, seed = 11): Generation[] {
  const profile = applyProfileOverride(DEFAULT_PROFILE, override);
  const streams = generationStreams(new RandomSource(seed));
  return Array.from({ length: n }, (_, i) => drawGeneration(i * 1000, profile, LIST_PRICES, streams));
}

/** 5σ of a binomial share: a fixed seed makes the result exact; the bound says the check is meaningful. */
function tolerance(p: number, n: number): number {
  return 5 * Math.sqrt((p * (1 - p)) / n);
}

function share(gs: Generation[], f: (g: Generation) => boolean): number {
  return gs.filter(f).length / gs.length;
}

describe('the generation pipeline', () => {
  const n = 200_000;

  it('serves the configured share from the cache (db_temporal)', () => {
    const gs = draw(n, { cache: { hit_ratio: 0.7 } });
    expect(Math.abs(share(gs, (g) => g.source === 'db_temporal') - 0.7)).toBeLessThan(tolerance(0.7, n));
  });

  it('falls back at the configured error rates, with each error type in proportion', () => {
    const errors = { api_error: 0.1, rate_limit: 0.05, overloaded: 0.02 };
    const gs = draw(n, { cache: { hit_ratio: 0 }, claude: { errors, timeout: 1000 } });
    for (const [type, p] of Object.entries(errors)) {
      expect(Math.abs(share(gs, (g) => g.fallbackType === type) - p)).toBeLessThan(tolerance(p, n));
    }
    expect(Math.abs(share(gs, (g) => g.fallbackType !== null) - 0.17)).toBeLessThan(tolerance(0.17, n));
  });

  it('sends fallbacks to a template when one exists, else to the hardcoded text', () => {
    const gs = draw(n, { cache: { hit_ratio: 0 }, claude: { errors: { api_error: 1 } }, templates: { availability: 0.8 } });
    expect(gs.every((g) => g.fallbackType === 'api_error' && g.model === 'none')).toBe(true);
    expect(Math.abs(share(gs, (g) => g.source === 'db_template') - 0.8)).toBeLessThan(tolerance(0.8, n));
    expect(gs.every((g) => g.source === 'db_template' || g.source === 'hardcoded')).toBe(true);
  });

  it('has the analytic P95 for Claude: ttft log-normal plus a fixed streaming time', () => {
    // With no spread on tokens and speed, duration = ttft + 600/60 s, and ttft ~ LogNormal(median 2, σ 0.4):
    // P95 = 10 + 2·e^(1.6449·0.4) ≈ 13.858 s. The sample P95 of 200k draws is within 0.5 % (its σ ≈ 0.1 %).
    const gs = draw(n, {
      cache: { hit_ratio: 0 },
      claude: {
        errors: { api_error: 0, rate_limit: 0, overloaded: 0 },
        ttft: { median: 2, sigma: 0.4 },
        output_tokens: { median: 600, sigma: 0 },
        tokens_per_second: { median: 60, sigma: 0 },
      },
    });
    const d = gs.map((g) => g.durationSeconds).sort((a, b) => a - b);
    const expected = 10 + 2 * Math.exp(1.6449 * 0.4);
    expect(Math.abs(d[Math.ceil(0.95 * d.length) - 1] / expected - 1)).toBeLessThan(0.005);
  });

  it('cuts calls at the client timeout: type timeout, duration = timeout + template time, partial output billed', () => {
    const gs = draw(20_000, {
      cache: { hit_ratio: 0 },
      claude: { errors: { api_error: 0, rate_limit: 0, overloaded: 0 }, ttft: { median: 30, sigma: 0 }, timeout: 20 },
      templates: { availability: 1 },
    });
    expect(gs.every((g) => g.fallbackType === 'timeout' && g.source === 'db_template')).toBe(true);
    expect(gs.every((g) => g.durationSeconds >= 20 && g.durationSeconds < 21)).toBe(true);
    // The cut came before the first token: input billed, no output.
    expect(gs.every((g) => g.tokens !== null && g.tokens.output === 0 && g.tokens.input === 900)).toBe(true);
  });

  it('keeps hung calls in flight for the hang duration, then falls back with type timeout', () => {
    const gs = draw(10_000, { cache: { hit_ratio: 0 }, claude: { hang: { probability: 1, duration: 600 } } });
    expect(gs.every((g) => g.fallbackType === 'timeout' && g.endsAt - g.startedAt >= 600_000)).toBe(true);
  });

  it('prices Claude calls from tokens at the Opus 4.5 list prices', () => {
    const gs = draw(1000, { cache: { hit_ratio: 0 }, claude: { errors: { api_error: 0, rate_limit: 0, overloaded: 0 } } });
    for (const g of gs) {
      expect(g.source).toBe('claude');
      expect(g.costUsd).toBeCloseTo(costOf(g.tokens!, LIST_PRICES[OPUS_4_5]), 12);
    }
    // 900 input at $5/M + 3,200 cached at $0.50/M (read) + 600 output at $25/M ≈ $0.0211 for a typical call.
    const typical = costOf({ input: 900, cache_write: 0, cache_read: 3200, output: 600 }, LIST_PRICES[OPUS_4_5]);
    expect(typical).toBeCloseTo(0.0211, 6);
  });

  it('splits calls between models by weight', () => {
    const sonnet = 'claude-sonnet-4-5-20250929';
    const gs = draw(n, { cache: { hit_ratio: 0 }, claude: { models: { [OPUS_4_5]: 3, [sonnet]: 1 } } });
    const claude = gs.filter((g) => g.source === 'claude');
    expect(Math.abs(share(claude, (g) => g.model === sonnet) - 0.25)).toBeLessThan(tolerance(0.25, claude.length));
  });

  it('is deterministic: same seed, same outcomes', () => {
    expect(draw(2000, {}, 5)).toEqual(draw(2000, {}, 5));
    expect(draw(2000, {}, 5)).not.toEqual(draw(2000, {}, 6));
  });
});
