/**
 * fast-check arbitraries over the space the scenario schema describes: profile overrides and whole scenario
 * documents, as JSON-like values. Each field mixes ordinary values, the edges of its limits (src/limits.ts) on both
 * sides, and the traps of past bugs (prototype names, a model with no price, a 1-year hang), so the fuzzers spend
 * their runs where mistakes live. Shared by the control API fuzzer and the scenario-file fuzzer.
 */
import fc from 'fast-check';
import { formatDuration } from '../../src/core/units.js';
import { LIMITS } from '../../src/limits.js';

const ms = (n: number): string => formatDuration(n);

/** `good` values, and in a wild arbitrary also `bad` ones (out of bounds or malformed) one time in five. */
function within<T>(wild: boolean, good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return wild ? fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: bad }) : good;
}

/** Durations as scenario files write them, up to `maxMs`: ordinary values and the edges. */
function durationUpTo(maxMs: number, wild: boolean): fc.Arbitrary<string> {
  const good = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: maxMs }).map(ms) },
    { weight: 1, arbitrary: fc.constantFrom('1ms', '1s', ms(maxMs)) },
  );
  return within(wild, good, fc.constantFrom('', '90', '-5s', '1e3s', '1h30', 'soon', ms(maxMs + 1000), '100y', `${'9'.repeat(400)}s`));
}

/** Any duration a scenario may hold (phase times, ramps), wild or not. */
export const durationText = durationUpTo(LIMITS.scenarioDurationMs, true);

const probability = (wild: boolean): fc.Arbitrary<number> =>
  within(wild, fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 1e-9)), fc.constantFrom(-0.1, 1.0000001, 70));

/** A small probability, so that a few of them and a hang mostly add up to at most 1. */
const smallProbability = fc.oneof(fc.double({ min: 0, max: 0.2, noNaN: true }), fc.constantFrom(0, 0.2));

const sigma = (wild: boolean): fc.Arbitrary<number> =>
  within(wild, fc.oneof(fc.double({ min: 0, max: LIMITS.sigma, noNaN: true }), fc.constantFrom(0, LIMITS.sigma)), fc.constantFrom(LIMITS.sigma + 0.001, -1));

const positiveUpTo = (min: number, max: number, wild: boolean): fc.Arbitrary<number> =>
  within(wild, fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max)), fc.constantFrom(0, max * 1.01, -1, 1e308));

const tokenCount = (wild: boolean): fc.Arbitrary<number> =>
  within(wild, fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, LIMITS.tokens)), fc.constantFrom(0, LIMITS.tokens + 1, 2.5));

const PRICED = ['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'];

/** Model ids: priced ones; wild, also unpriced ones, names Object.prototype has, and ids past the length limit. */
export function modelId(wild: boolean): fc.Arbitrary<string> {
  return within(
    wild,
    fc.constantFrom(...PRICED),
    fc.oneof(
      fc.constantFrom('gpt-x', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf', 'my-model'),
      fc.constantFrom('m'.repeat(LIMITS.modelIdLength), 'm'.repeat(LIMITS.modelIdLength + 1), '', 'has space', 'a\u0000b'),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    ),
  );
}

const errorType = (wild: boolean): fc.Arbitrary<string> =>
  within(
    wild,
    fc.oneof(fc.constantFrom('api_error', 'rate_limit', 'overloaded', 'quota_exceeded', 'constructor'), fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/)),
    fc.constantFrom('timeout', 'Bad-Type', 'x'.repeat(LIMITS.errorTypeLength + 1)),
  );

const latency = (wild: boolean) =>
  fc.record({ median: durationUpTo(LIMITS.latencyMedianSeconds * 1000, wild), sigma: sigma(wild) }, { requiredKeys: [] });

/**
 * A profile override, as PUT /api/v1/profile and a scenario's `base:` take it. Not wild: every field within its
 * bounds (edges included), so most overrides are accepted; wild: one field in five out of bounds or malformed.
 */
export function profileOverride(wild: boolean) {
  return fc.record(
    {
      cache: fc.record({ hit_ratio: probability(wild), latency: latency(wild) }, { requiredKeys: [] }),
      claude: fc.record(
        {
          models: fc.dictionary(modelId(wild), fc.oneof(fc.constantFrom(0, 1, LIMITS.modelWeight), fc.double({ min: 0, max: 10, noNaN: true })), { maxKeys: 4 }),
          ttft: latency(wild),
          output_tokens: fc.record({ median: positiveUpTo(1, LIMITS.tokens, wild), sigma: sigma(wild), max: tokenCount(wild) }, { requiredKeys: [] }),
          tokens_per_second: fc.record({ median: positiveUpTo(LIMITS.tokensPerSecondMin, LIMITS.tokensPerSecondMax, wild), sigma: sigma(wild) }, { requiredKeys: [] }),
          prompt: fc.record({ input_tokens: tokenCount(wild), cached_tokens: tokenCount(wild), cache_hit_ratio: probability(wild) }, { requiredKeys: [] }),
          errors: fc.dictionary(errorType(wild), wild ? probability(true) : smallProbability, { maxKeys: 4 }),
          error_latency: latency(wild),
          timeout: within(wild, durationUpTo(LIMITS.timeoutSeconds * 1000, false).filter((t) => t !== '0s'), fc.constantFrom('0s', '2h')),
          hang: fc.record({ probability: wild ? probability(true) : smallProbability, duration: durationUpTo(LIMITS.hangSeconds * 1000, wild) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      templates: fc.record({ availability: probability(wild), latency: latency(wild) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );
}

const rateText = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 600 }), fc.constantFrom('s', 'min', 'h', 'day')).map(([n, u]) => `${n}/${u}`) },
  { weight: 1, arbitrary: fc.constantFrom(`${LIMITS.arrivalsPerSecond}/s`, `${LIMITS.arrivalsPerSecond + 1}/s`, '1e12/s', '-3/min', '40') },
);

const traffic = fc.record(
  { rate: rateText, shape: fc.record({ peak_hour: fc.integer({ min: -1, max: 25 }), night_factor: probability(true) }) },
  { requiredKeys: ['rate'] },
);

const phase = fc.record(
  {
    name: fc.constantFrom('a', 'b', 'slow', 'outage', 'a'),
    at: durationText,
    ramp: durationText,
    down: fc.boolean(),
    traffic: fc.record({ rate: rateText }, { requiredKeys: [] }),
    profile: profileOverride(true),
  },
  { requiredKeys: ['name', 'at'] },
);

/** A whole scenario document: mostly well-formed, with fields at and past their limits. */
export const scenarioDocument = fc.record(
  {
    name: fc.constantFrom('fuzz', 'fuzz-case', 'Bad Name'),
    summary: fc.constantFrom('a fuzzed scenario', ''),
    seed: fc.oneof(fc.integer(), fc.constantFrom(1.5, 2 ** 53)),
    start: fc.constantFrom('2026-01-05T00:00:00Z', 'yesterday'),
    warmup: durationUpTo(LIMITS.warmupMs, true),
    duration: durationText,
    step: durationUpTo(LIMITS.stepMaxMs, true),
    traffic,
    base: profileOverride(true),
    prices: fc.dictionary(modelId(true), fc.record({ input: positiveUpTo(0, 100, true), cache_write: positiveUpTo(0, 100, true), cache_read: positiveUpTo(0, 100, true), output: positiveUpTo(0, 100, true) }), { maxKeys: 3 }),
    user_id_label: fc.record({ users: fc.constantFrom(1, 50, LIMITS.users, LIMITS.users + 1), skew: fc.double({ min: 0, max: 3, noNaN: true }) }, { requiredKeys: ['users'] }),
    phases: fc.array(phase, { maxLength: 4 }),
  },
  { requiredKeys: ['name', 'summary', 'seed', 'duration', 'traffic'] },
);

/** Number of runs and seed of a fuzzer: a short fixed slice in `npm test`, longer with `npm run fuzz`. */
export function fuzzSettings(defaultRuns: number): { numRuns: number; seed: number } {
  return { numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns), seed: Number(process.env.FUZZ_SEED ?? 20260105) };
}
