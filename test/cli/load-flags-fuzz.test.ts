/**
 * `load`'s flags as a property (issue 20, finding 7 and the --url secrets of finding 6): whatever the values, the
 * flags give a plan or one UsageError, never another exception, and no message repeats a secret from the URL.
 * A short fixed-seed run here; `npm run fuzz` runs longer (FUZZ_RUNS, FUZZ_SEED).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { planFromFlags, type LoadFlags } from '../../src/cli/load-flags.js';
import { LOAD_DEFAULTS } from '../../src/load/limits.js';
import { fuzzSettings } from '../support/arbitraries.js';

const SECRET = 'Zs3cr3tZ';
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('10%', '0.1', '100%', '0', '1', '5', '-1%', '101%', '1e3', 'NaN', '500ms', '2s', '0s', '10m', '11m', '500', ' 7 '),
);
const url = fc.oneof(
  fc.constantFrom(
    `http://127.0.0.1:9464/?api_key=${SECRET}`,
    `https://user:${SECRET}@example.test/`,
    `ftp://127.0.0.1/?token=${SECRET}`,
    `http://127.0.0.1:9464/v1/lunar/interpretations?access_token=${SECRET}&x=1`,
    'http://127.0.0.1:9464',
  ),
  fc.string({ maxLength: 30 }).map((s) => `http://127.0.0.1/${s}?session=${SECRET}`),
);

function flags(over: Partial<LoadFlags>): LoadFlags {
  return {
    url: 'http://127.0.0.1:9464', arrivals: 'constant', maxInFlight: LOAD_DEFAULTS.maxInFlight, grace: LOAD_DEFAULTS.grace,
    timeout: LOAD_DEFAULTS.timeout, seed: 1, maxDropped: LOAD_DEFAULTS.maxDropped, maxErrors: LOAD_DEFAULTS.maxErrors,
    minRate: LOAD_DEFAULTS.minRate, objective: LOAD_DEFAULTS.objective, workers: 1, ...over,
  };
}

describe('load flags (property)', () => {
  it('give a plan with shares in [0, 1] or one UsageError without the secret', () => {
    fc.assert(
      fc.property(url, value, value, value, fc.option(value, { nil: undefined }), value, (u, dropped, errors, rate, p95, objective) => {
        try {
          const plan = planFromFlags(flags({ url: u, maxDropped: dropped, maxErrors: errors, minRate: rate, p95, objective }), {});
          const t = plan.thresholds!;
          for (const share of [t.maxDropped, t.maxErrors, t.minRate]) expect(share >= 0 && share <= 1).toBe(true);
          if (t.p95Ms !== undefined) expect(t.p95Ms).toBeGreaterThan(0);
          expect(plan.objectiveMs).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          expect((e as Error).message).not.toContain(SECRET);
          expect((e as Error).message).not.toContain('\n');
        }
      }),
      fuzzSettings(300),
    );
  });
});
