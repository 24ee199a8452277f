import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../../src/core/random.js';
import { DURATION_BUCKETS } from '../../../src/metrics/catalogue.js';
import { outcomeTable } from '../../../src/model/aggregate/outcome-table.js';
import { drawGeneration, generationStreams } from '../../../src/model/generation.js';
import { LIST_PRICES } from '../../../src/model/pricing.js';
import { applyProfileOverride, type Override, type Profile } from '../../../src/model/profile.js';
import { DEFAULT_PROFILE } from '../../../src/scenario/defaults.js';
import { chiSquare, chiSquareBound } from '../../support/statistics.js';

const STEP_MS = 15_000;
const N = 300_000;

const profiles: Record<string, Override<Profile>> = {
  'the default profile': {},
  'slow Claude, hangs, some requests without a template': {
    cache: { hit_ratio: 0.3 },
    claude: { ttft: { median: 20, sigma: 0.5 }, hang: { probability: 0.1 } },
    templates: { availability: 0.8 },
  },
  'long outputs clipped at max_tokens, slow streaming, timeouts': {
    claude: { output_tokens: { median: 1500, sigma: 0.6, max: 2048 }, tokens_per_second: { median: 30, sigma: 0.3 } },
  },
  'two models, no randomness in latencies': {
    claude: { models: { 'claude-opus-4-5-20251101': 3, 'claude-haiku-4-5-20251001': 1 }, ttft: { median: 2, sigma: 0 }, tokens_per_second: { median: 50, sigma: 0 }, output_tokens: { median: 500, sigma: 0, max: 2048 } },
  },
};

function bucketOf(seconds: number): number {
  let b = 0;
  while (b < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[b]) b++;
  return b;
}

describe('the aggregate outcome table', () => {
  for (const [name, override] of Object.entries(profiles)) {
    it(`has the per-generation pipeline's distribution over source × model × fallback type × bucket × lag: ${name}`, () => {
      const profile = applyProfileOverride(DEFAULT_PROFILE, override);
      const table = outcomeTable(profile, LIST_PRICES, { stepMs: STEP_MS, buckets: DURATION_BUCKETS });
      expect(table.reduce((s, o) => s + o.probability, 0)).toBeCloseTo(1, 12);
      const key = (source: string, model: string, type: string | null, bucket: number, lag: number): string => `${source}/${model}/${type}/${bucket}/${lag}`;
      const expected = new Map<string, number>();
      for (const o of table) expected.set(key(o.source, o.model, o.fallbackType, o.bucket, o.lag), (expected.get(key(o.source, o.model, o.fallbackType, o.bucket, o.lag)) ?? 0) + o.probability);
      // Per generation: each draw also gets a uniform arrival point in its step, which sets its lag.
      const streams = generationStreams(new RandomSource(21));
      const where = new RandomSource(21).stream('arrival-point');
      const observed = new Map<string, number>();
      let seconds = 0;
      for (let i = 0; i < N; i++) {
        const g = drawGeneration(0, profile, LIST_PRICES, streams);
        const lag = Math.floor(where.next() + g.durationSeconds / (STEP_MS / 1000));
        const k = key(g.source, g.model, g.fallbackType, bucketOf(g.durationSeconds), lag);
        observed.set(k, (observed.get(k) ?? 0) + 1);
        seconds += g.durationSeconds;
      }
      const keys = [...new Set([...expected.keys(), ...observed.keys()])].sort();
      const { statistic, df } = chiSquare(keys.map((k) => observed.get(k) ?? 0), keys.map((k) => N * (expected.get(k) ?? 0)));
      expect(statistic).toBeLessThan(chiSquareBound(df));
      // The mean duration (what `_sum` adds up, and what sets the in-flight gauge by Little's law): within 1 %,
      // many standard errors of a 300,000-draw mean for these profiles, and far below what a wrong lag would cost.
      const tableMean = table.reduce((s, o) => s + o.probability * o.meanSeconds, 0);
      expect(Math.abs(tableMean / (seconds / N) - 1)).toBeLessThan(0.01);
    });
  }

  it('is cached per profile object', () => {
    const profile = applyProfileOverride(DEFAULT_PROFILE, { cache: { hit_ratio: 0.5 } });
    const binning = { stepMs: STEP_MS, buckets: DURATION_BUCKETS };
    expect(outcomeTable(profile, LIST_PRICES, binning)).toBe(outcomeTable(profile, LIST_PRICES, binning));
  });
});
