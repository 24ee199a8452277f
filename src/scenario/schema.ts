/**
 * The scenario file format, as zod schemas: strict objects (unknown keys are refused), durations like `90s`,
 * rates like `40/min`, probabilities in [0, 1], and every number within the bounds of src/limits.ts. The JSON
 * Schema in scenarios/scenario.schema.json is generated from these (`npm run schema`). Checks that span several
 * fields live in profile-checks.ts and build.ts.
 */
import { z } from 'zod';
import { DURATION_PATTERN, RATE_PATTERN, formatDuration, parseDuration, parseRate } from '../core/units.js';
import { LIMITS, formatLimit } from '../limits.js';
import { BALANCERS } from '../model/fleet.js';

/** How a run simulates its traffic (runtime/simulation-mode.ts). */
export const SIMULATION_MODES = ['auto', 'per-generation', 'aggregate'] as const;

/** At most this many replicas: each is a copy of every series. */
export const MAX_REPLICAS = LIMITS.replicas;

/** The message of a value that is not a duration; hints.ts recognises it to add one. */
export const DURATION_EXPECTED = 'expected a duration such as 90s, 30m, 1h30m or 24h';
/** The message of a value that is not a rate; hints.ts recognises it to add one. */
export const RATE_EXPECTED = 'expected a rate such as 40/min, 2/s or 500/h';

/** `999…9s` parses to Infinity: made the largest number, so the bound's message says what is wrong with it. */
function finite(x: number): number {
  return Math.min(x, Number.MAX_VALUE);
}

const durationText = z.string({ error: DURATION_EXPECTED }).regex(new RegExp(DURATION_PATTERN), { error: DURATION_EXPECTED });

/** A duration from `minMs` to `maxMs`, in milliseconds once parsed. */
export function durationMsWithin(minMs: number, maxMs: number): z.ZodType<number, string> {
  return durationText
    .transform((t) => finite(parseDuration(t)!))
    .pipe(
      z
        .number()
        .min(minMs, { error: `at least ${formatDuration(minMs)}` })
        .max(maxMs, { error: `at most ${formatDuration(maxMs)}` }),
    );
}

/** A duration in scenario time: no longer than the longest scenario. */
export const durationMs = durationMsWithin(0, LIMITS.scenarioDurationMs);

/** A duration of at most `maxSeconds`, in seconds once parsed (profile fields are in seconds). */
function durationSecondsWithin(maxSeconds: number, options: { positive?: string } = {}): z.ZodType<number, string> {
  let seconds = z.number().max(maxSeconds, { error: `at most ${formatDuration(maxSeconds * 1000)}` });
  if (options.positive) seconds = seconds.positive({ error: options.positive });
  return durationText.transform((t) => finite(parseDuration(t)! / 1000)).pipe(seconds);
}

/** A rate such as `40/min` or `2/s`, in events per second once parsed. */
export const ratePerSecond = z
  .string({ error: RATE_EXPECTED })
  .regex(new RegExp(RATE_PATTERN), { error: `${RATE_EXPECTED} (never negative)` })
  .transform((t) => finite(parseRate(t)!))
  .pipe(z.number().max(LIMITS.arrivalsPerSecond, { error: `at most ${formatLimit(LIMITS.arrivalsPerSecond)}/s` }));

const probability = z
  .number({ error: 'expected a probability between 0 and 1' })
  .min(0, { error: 'a probability cannot be below 0' })
  .max(1, { error: 'a probability cannot be above 1' });
const nonNegative = z.number().min(0, { error: 'cannot be negative' });
const sigma = z.number().min(0, { error: 'sigma cannot be negative' }).max(LIMITS.sigma, { error: `sigma above ${LIMITS.sigma} is not a latency` });
const tokenCount = z.number().max(LIMITS.tokens, { error: `at most ${formatLimit(LIMITS.tokens)} tokens` });

/** A bounded count of entries in a mapping (models, error types, prices). */
function atMostEntries<T extends z.ZodType<Record<string, unknown>>>(record: T, max: number, what: string): T {
  return record.refine((r) => Object.keys(r).length <= max, { error: `at most ${max} ${what}` }) as unknown as T;
}

/** A model id: the label value of `model`, also a key of `prices`. */
export const modelId = z
  .string()
  .max(LIMITS.modelIdLength, { error: `a model id has at most ${LIMITS.modelIdLength} characters` })
  .regex(LIMITS.modelIdPattern, { error: 'a model id is letters, digits and . _ : @ / + -, starting with a letter or digit' });

const errorType = z
  .string()
  .max(LIMITS.errorTypeLength, { error: `an error type has at most ${LIMITS.errorTypeLength} characters` })
  .regex(LIMITS.errorTypePattern, { error: 'error types are snake_case, e.g. api_error' })
  .refine((t) => t !== 'timeout', { error: 'timeout is not drawn: it happens when a call outlasts claude.timeout' });

const latencySeconds = z.strictObject({ median: durationSecondsWithin(LIMITS.latencyMedianSeconds), sigma }).partial();

/** A profile override: every field optional. Used for `base:`, a phase's `profile:` and `PUT /api/v1/profile`. */
export const profileOverrideSchema = z
  .strictObject({
    cache: z.strictObject({ hit_ratio: probability, latency: latencySeconds }).partial(),
    claude: z
      .strictObject({
        models: atMostEntries(
          z.record(modelId, nonNegative.max(LIMITS.modelWeight, { error: `a weight is at most ${formatLimit(LIMITS.modelWeight)}` })),
          LIMITS.modelsPerRun,
          'models',
        ),
        ttft: latencySeconds,
        output_tokens: z
          .strictObject({
            median: tokenCount.positive({ error: 'must be greater than 0' }),
            sigma,
            max: tokenCount.int({ error: 'a token count is a whole number' }).positive(),
          })
          .partial(),
        tokens_per_second: z
          .strictObject({
            median: z
              .number()
              .min(LIMITS.tokensPerSecondMin, { error: `at least ${LIMITS.tokensPerSecondMin} tokens per second` })
              .max(LIMITS.tokensPerSecondMax, { error: `at most ${formatLimit(LIMITS.tokensPerSecondMax)} tokens per second` }),
            sigma,
          })
          .partial(),
        prompt: z
          .strictObject({
            input_tokens: tokenCount.int({ error: 'a token count is a whole number' }).min(0),
            cached_tokens: tokenCount.int({ error: 'a token count is a whole number' }).min(0),
            cache_hit_ratio: probability,
          })
          .partial(),
        errors: atMostEntries(z.record(errorType, probability), LIMITS.errorTypesPerRun, 'error types'),
        error_latency: latencySeconds,
        timeout: durationSecondsWithin(LIMITS.timeoutSeconds, { positive: 'the client timeout must be longer than 0s' }),
        hang: z.strictObject({ probability, duration: durationSecondsWithin(LIMITS.hangSeconds) }).partial(),
      })
      .partial(),
    templates: z.strictObject({ availability: probability, latency: latencySeconds }).partial(),
  })
  .partial();

const shapeSchema = z.strictObject({
  peak_hour: z.number().min(0).max(24, { error: 'peak_hour is an hour of the day, 0 to 24 (UTC)' }),
  night_factor: probability,
  weekend_factor: z.number().min(0).max(LIMITS.weekendFactor, { error: `weekend_factor multiplies the rate on Saturdays and Sundays: 0 to ${LIMITS.weekendFactor}` }).optional(),
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

const price = nonNegative.max(LIMITS.pricePerMillionTokens, { error: `at most ${formatLimit(LIMITS.pricePerMillionTokens)} USD per million tokens` });
const priceSchema = z.strictObject({ input: price, cache_write: price, cache_read: price, output: price });

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

/**
 * What on-call must receive for an incident (docs/alerting-policy.md), judged through Alertmanager's notifications
 * rather than a rule's internals: a page or a warning of an `alert_group`, by a deadline after the incident starts,
 * once, resolved by a deadline after recovery.
 */
export const expectedNotificationSchema = z.strictObject({
  /** The alert_group (incident class) of the notification, e.g. `claude`. */
  group: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'an alert_group, e.g. claude' }),
  /** When the incident starts: a phase name, or a scenario time such as 1h. */
  after: z.string().min(1, { error: 'a phase name, or a scenario time such as 1h' }),
  /** The first notification comes at most this long after `after`. */
  within: durationMs,
  /** When the API is healthy again: a phase name or a scenario time. */
  recovered: z.string().min(1, { error: 'a phase name, or a scenario time such as 2h' }).optional(),
  /** The notification resolves at most this long after `recovered`. */
  resolve_within: durationMs.optional(),
  /** Instead of `recovered`: the incident outlasts the scenario, so the notification is still firing at its end. */
  firing_at_end: z.literal(true, { error: 'firing_at_end is `true` or absent (then give recovered and resolve_within)' }).optional(),
  /** The receiver every such notification must reach (Alertmanager's routing decides), e.g. oncall. */
  receiver: z.string().min(1).optional(),
  /** At most this many notifications per receiver (default 1: one incident, one notification). */
  max: z.number().int().min(1).optional(),
});

export const expectSchema = z.strictObject({
  fire: z.array(expectedAlertSchema).default([]),
  /** Pages (severity critical) that on-call must receive. */
  page: z.array(expectedNotificationSchema).default([]),
  /** Warnings (severity warning) that the team must receive. */
  warn: z.array(expectedNotificationSchema).default([]),
  /** Alerts, or alert_groups, that may fire without failing the scenario. Every other alert must stay silent. */
  allow: z.array(z.string()).default([]),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'a scenario name is kebab-case, e.g. claude-outage' }),
  summary: z.string().min(1),
  seed: z.number().int({ error: 'the seed is an integer' }),
  /** Wall-clock time of scenario time 0 (the end of warm-up), ISO 8601. */
  start: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time such as 2026-01-05T00:00:00Z' }).optional(),
  warmup: durationMsWithin(0, LIMITS.warmupMs).optional(),
  duration: durationMs,
  step: durationMsWithin(LIMITS.stepMinMs, LIMITS.stepMaxMs).optional(),
  traffic: trafficSchema,
  base: profileOverrideSchema.optional(),
  prices: atMostEntries(z.record(modelId, priceSchema), LIMITS.modelsPerRun, 'models').optional(),
  /** Replicas behind a load balancer: each its own series with `instance` and `pod` labels. */
  fleet: fleetSchema.optional(),
  /** Per generation, in aggregate (counts per step), or auto: aggregate from a peak of 5,000/min. */
  simulation: z.enum(SIMULATION_MODES).optional(),
  /** Adds a user_id label to lunar_interpretation_generated_total, over a bounded pool of users. */
  user_id_label: z
    .strictObject({
      users: z.number().int().min(1).max(LIMITS.users, { error: `at most ${formatLimit(LIMITS.users)} users: each is a series per source and model` }),
      /** Popularity skew (Zipf exponent): 0 = every user alike, 1 = the usual heavy head. */
      skew: z.number().min(0).max(3).optional(),
    })
    .optional(),
  phases: z.array(phaseSchema).max(LIMITS.phases, { error: `at most ${LIMITS.phases} phases` }).optional(),
  expect: expectSchema.optional(),
});

export type ScenarioDocument = z.output<typeof scenarioSchema>;
export type ProfileOverrideDocument = z.output<typeof profileOverrideSchema>;
