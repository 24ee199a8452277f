/**
 * The scenario file format, as zod schemas: strict objects (unknown keys are refused), durations like `90s`,
 * rates like `40/min`, probabilities in [0, 1]. The JSON Schema in scenarios/scenario.schema.json is generated
 * from these (`npm run schema`). Checks that span several fields live in validate.ts.
 */
import { z } from 'zod';
import { DURATION_PATTERN, RATE_PATTERN, parseDuration, parseRate } from '../core/units.js';
import { BALANCERS } from '../model/fleet.js';

/** How a run simulates its traffic (runtime/simulation-mode.ts). */
export const SIMULATION_MODES = ['auto', 'per-generation', 'aggregate'] as const;

/** At most this many replicas: each is a copy of every series. */
export const MAX_REPLICAS = 50;

const durationText = z
  .string({ error: 'expected a duration such as 90s, 30m, 1h30m or 24h' })
  .regex(new RegExp(DURATION_PATTERN), { error: 'expected a duration such as 90s, 30m, 1h30m or 24h' });

/** A duration, in milliseconds once parsed. */
export const durationMs = durationText.transform((t) => parseDuration(t)!);
/** A duration, in seconds once parsed (profile fields are in seconds). */
export const durationSeconds = durationText.transform((t) => parseDuration(t)! / 1000);

/** A rate such as `40/min` or `2/s`, in events per second once parsed. */
export const ratePerSecond = z
  .string({ error: 'expected a rate such as 40/min, 2/s or 500/h' })
  .regex(new RegExp(RATE_PATTERN), { error: 'expected a rate such as 40/min, 2/s or 500/h (never negative)' })
  .transform((t) => parseRate(t)!);

const probability = z
  .number({ error: 'expected a probability between 0 and 1' })
  .min(0, { error: 'a probability cannot be below 0' })
  .max(1, { error: 'a probability cannot be above 1' });
const positive = z.number().positive({ error: 'must be greater than 0' });
const nonNegative = z.number().min(0, { error: 'cannot be negative' });
const sigma = z.number().min(0, { error: 'sigma cannot be negative' }).max(3, { error: 'sigma above 3 is not a latency' });
const snakeCase = /^[a-z][a-z0-9_]*$/;

const latencySeconds = z.strictObject({ median: durationSeconds, sigma }).partial();
const countSpread = z.strictObject({ median: positive, sigma }).partial();

/** A profile override: every field optional. Used for `base:`, a phase's `profile:` and `PUT /api/v1/profile`. */
export const profileOverrideSchema = z
  .strictObject({
    cache: z.strictObject({ hit_ratio: probability, latency: latencySeconds }).partial(),
    claude: z
      .strictObject({
        models: z.record(z.string().min(1), nonNegative),
        ttft: latencySeconds,
        output_tokens: z.strictObject({ median: positive, sigma, max: z.number().int().positive() }).partial(),
        tokens_per_second: countSpread,
        prompt: z
          .strictObject({
            input_tokens: z.number().int().min(0),
            cached_tokens: z.number().int().min(0),
            cache_hit_ratio: probability,
          })
          .partial(),
        errors: z.record(
          z.string().regex(snakeCase, { error: 'error types are snake_case, e.g. api_error' }).refine((t) => t !== 'timeout', {
            error: 'timeout is not drawn: it happens when a call outlasts claude.timeout',
          }),
          probability,
        ),
        error_latency: latencySeconds,
        timeout: durationSeconds,
        hang: z.strictObject({ probability, duration: durationSeconds }).partial(),
      })
      .partial(),
    templates: z.strictObject({ availability: probability, latency: latencySeconds }).partial(),
  })
  .partial();

const shapeSchema = z.strictObject({
  peak_hour: z.number().min(0).max(24, { error: 'peak_hour is an hour of the day, 0 to 24 (UTC)' }),
  night_factor: probability,
});

export const trafficSchema = z.strictObject({
  rate: ratePerSecond,
  shape: shapeSchema.optional(),
  /** `poisson` (default): requests arrive at random; `regular`: evenly spaced, like a constant-arrival-rate load test. */
  arrivals: z.enum(['poisson', 'regular'], { error: 'arrivals is poisson or regular' }).optional(),
});
export const trafficOverrideSchema = z.strictObject({ rate: ratePerSecond, shape: shapeSchema }).partial();

export const phaseSchema = z.strictObject({
  name: z.string().min(1),
  /** Scenario time the phase starts at (0 = end of warm-up). */
  at: durationMs,
  /** Numbers move linearly from the previous phase's values over this long. */
  ramp: durationMs.optional(),
  /** The API is down: no generations, no scrapes; counters restart from 0 when it comes back. */
  down: z.boolean().optional(),
  traffic: trafficOverrideSchema.optional(),
  profile: profileOverrideSchema.optional(),
  /** The replica slots (0-based) that `profile`, `down`, `drain`, `restart` and `rollout` apply to (default: all). */
  replicas: z
    .array(z.number().int().min(0, { error: 'replica slots count from 0' }).max(MAX_REPLICAS - 1))
    .min(1, { error: 'name at least one replica, or leave `replicas` out for all of them' })
    .optional(),
  /** The load balancer sends those replicas no new request; their work in flight completes. */
  drain: z.boolean().optional(),
  /** Those replicas restart as the phase begins: work in flight is lost, counters start again at 0. */
  restart: z.boolean().optional(),
  /** A rolling deploy: each replica in turn replaced by a new pod, one every `every`. */
  rollout: z.strictObject({ every: durationMs }).optional(),
});

export const fleetSchema = z.strictObject({
  replicas: z.number().int().min(1).max(MAX_REPLICAS, { error: `at most ${MAX_REPLICAS} replicas: each is a copy of every series` }),
  /** How requests are spread: round-robin (default), least-in-flight, or random (seeded). */
  balancer: z.enum(BALANCERS).optional(),
});

const priceSchema = z.strictObject({ input: nonNegative, cache_write: nonNegative, cache_read: nonNegative, output: nonNegative });

export const expectedAlertSchema = z.strictObject({
  alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'an alert name, e.g. LunarGenerationStuck' }),
  labels: z.record(z.string(), z.string()).optional(),
  /** The alert must first fire at or after this scenario time… */
  after: durationMs.optional(),
  /** …and at or before this one. */
  before: durationMs.optional(),
  /** Its last firing must resolve at or before this scenario time… */
  resolve_before: durationMs.optional(),
  /** …and not before this one (a `keep_firing_for` or a window that lets go too early). */
  resolve_after: durationMs.optional(),
  /** Instead of `resolve_before`: the incident outlasts the scenario, so the alert is still firing at its end. */
  firing_at_end: z.literal(true, { error: 'firing_at_end is `true` or absent (then give resolve_before)' }).optional(),
  /** At most this many separate firings (default 1: a flapping condition must be one incident, not a storm). */
  max_firings: z.number().int().min(1).optional(),
});

export const expectSchema = z.strictObject({
  fire: z.array(expectedAlertSchema).default([]),
  /** Alerts that may fire without failing the scenario. Every other alert must stay silent. */
  allow: z.array(z.string()).default([]),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'a scenario name is kebab-case, e.g. claude-outage' }),
  summary: z.string().min(1),
  seed: z.number().int({ error: 'the seed is an integer' }),
  /** Wall-clock time of scenario time 0 (the end of warm-up), ISO 8601. */
  start: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time such as 2026-01-05T00:00:00Z' }).optional(),
  warmup: durationMs.optional(),
  duration: durationMs,
  step: durationMs.optional(),
  traffic: trafficSchema,
  base: profileOverrideSchema.optional(),
  prices: z.record(z.string().min(1), priceSchema).optional(),
  /** Replicas behind a load balancer: each its own series with `instance` and `pod` labels. */
  fleet: fleetSchema.optional(),
  /** Per generation, in aggregate (counts per step), or auto: aggregate from a peak of 5,000/min. */
  simulation: z.enum(SIMULATION_MODES).optional(),
  /** Adds a user_id label to lunar_interpretation_generated_total, over a bounded pool of users. */
  user_id_label: z
    .strictObject({
      users: z.number().int().min(1).max(10_000, { error: 'at most 10,000 users: each is a series per source and model' }),
      /** Popularity skew (Zipf exponent): 0 = every user alike, 1 = the usual heavy head. */
      skew: z.number().min(0).max(3).optional(),
    })
    .optional(),
  phases: z.array(phaseSchema).optional(),
  expect: expectSchema.optional(),
});

export type ScenarioDocument = z.output<typeof scenarioSchema>;
export type ProfileOverrideDocument = z.output<typeof profileOverrideSchema>;
