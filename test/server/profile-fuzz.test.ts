/**
 * No crash from a 2xx (issue 10, part 1), as a property: random live overrides (from the schema's space, edges
 * included), each followed by interpretation requests and scrapes, against the app of `run --traffic external`.
 * Whatever is accepted, nothing answers 5xx, nothing is logged as an unexpected error, no promise is left rejected,
 * every metric value is finite and the series stay within LIMITS.seriesPerRun.
 *
 * A fixed seed and a short run here; `npm run fuzz` runs longer (FUZZ_RUNS, FUZZ_SEED), see docs/limits.md.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits.js';
import { payloadGenerator } from '../../src/load/payload.ts';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';
import { fuzzSettings, profileOverride } from '../support/arbitraries.js';

const scenario = parseScenario(
  `name: fuzz-target
summary: the control API under random overrides
seed: 11
duration: 2h
traffic: { rate: 0/min }
prices:
  my-model: { input: 3, cache_write: 3.75, cache_read: 0.3, output: 15 }
  toString: { input: 1, cache_write: 1, cache_read: 1, output: 1 }
phases:
  - { name: errors, at: 1h, profile: { claude: { errors: { api_error: 0.4 }, hang: { probability: 0.1, duration: 2h } } } }
`,
  'fuzz-target.yaml',
);
const YEAR_MS = 365 * 86_400_000;

type Step =
  | { kind: 'put'; body: unknown }
  | { kind: 'raw'; charset: string; host: string; body: unknown }
  | { kind: 'delete' }
  | { kind: 'post'; count: number }
  | { kind: 'advance'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: profileOverride(false).map((body) => ({ kind: 'put' as const, body })) },
  { weight: 1, arbitrary: profileOverride(true).map((body) => ({ kind: 'put' as const, body })) },
  { weight: 1, arbitrary: fc.constantFrom(null, 42, [], 'text').map((body) => ({ kind: 'put' as const, body })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }).map((count) => ({ kind: 'post' as const, count })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * 3_600_000 }).map((ms) => ({ kind: 'advance' as const, ms })) },
  // Issue 20: a body in another charset (or one that cannot be decoded), under any Host, nested past the bound.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      charset: fc.constantFrom('utf-8', 'UTF-16LE', 'iso-8859-1', '"latin1"', 'klingon', 'utf-32', ''),
      host: fc.constantFrom('127.0.0.1:9464', 'localhost', 'app.localhost:1', '[::1]:9464', '10.0.0.1', 'attacker.example', 'ATTACKER.example.:80', 'localhost.attacker.example'),
      body: fc.oneof(profileOverride(true), fc.integer({ min: 1, max: 40 }).map(nested)),
    }),
  },
);

/** `{"claude":{"claude":…1}}`, `depth` objects deep. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { claude: v };
  return v;
}

/** The body's bytes in the charset named, as a client that honours its own header would send them. */
function encoded(body: unknown, charset: string): Buffer {
  const text = JSON.stringify(body);
  const c = charset.replace(/"/g, '').toLowerCase();
  return Buffer.from(text, c === 'utf-16le' ? 'utf16le' : c === 'iso-8859-1' || c === 'latin1' ? 'latin1' : 'utf8');
}

const REFUSED_HOSTS = new Set(['attacker.example', 'ATTACKER.example.:80', 'localhost.attacker.example']);

const surprises: string[] = [];
const onUnhandled = (e: unknown): void => {
  surprises.push(`unhandled: ${String(e)}`);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

/** Every sample line of an exposition: its value must be a finite number. */
function samples(body: string): { line: string; value: number }[] {
  return body
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => ({ line, value: Number(line.slice(line.lastIndexOf(' ') + 1)) }));
}

async function runSteps(steps: readonly Step[]): Promise<void> {
  let now = 0;
  const log = (line: string): void => {
    surprises.push(line);
  };
  const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => now, log });
  const app = await buildApp({ port: run, log });
  const next = payloadGenerator(5);
  try {
    for (const s of steps) {
      if (s.kind === 'put') {
        const r = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(s.body) });
        expect([200, 400], r.body).toContain(r.statusCode);
      } else if (s.kind === 'raw') {
        const contentType = `application/json${s.charset ? `; charset=${s.charset}` : ''}`;
        const r = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': contentType, host: s.host }, payload: encoded(s.body, s.charset) });
        if (REFUSED_HOSTS.has(s.host)) expect(r.statusCode, r.body).toBe(403);
        else expect([200, 400, 415], r.body).toContain(r.statusCode);
      } else if (s.kind === 'delete') {
        expect((await app.inject({ method: 'DELETE', url: '/api/v1/profile' })).statusCode).toBe(200);
      } else if (s.kind === 'advance') {
        now += s.ms;
      } else {
        let answered = false;
        const pending = Promise.all(Array.from({ length: s.count }, () => app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() })));
        void pending.finally(() => (answered = true));
        // A year of simulated time per turn ends any generation the limits allow (hangs last at most 30 days).
        for (let i = 0; i < 1000 && !answered; i++) {
          now += YEAR_MS;
          run.tick();
          await new Promise((r) => setImmediate(r));
        }
        for (const r of await pending) {
          expect(r.statusCode, r.body).toBe(200);
          const body = r.json();
          expect(Number.isFinite(body.cost_usd) && Number.isFinite(body.duration_seconds), r.body).toBe(true);
        }
      }
      const metrics = await app.inject('/metrics');
      expect(metrics.statusCode).toBe(200);
      const values = samples(metrics.body);
      expect(values.filter((v) => !Number.isFinite(v.value)).map((v) => v.line)).toEqual([]);
      expect(values.length).toBeLessThanOrEqual(LIMITS.seriesPerRun);
      expect(surprises).toEqual([]);
    }
  } finally {
    run.stop();
    await app.close();
  }
}

describe('the control API under random overrides', () => {
  it('never answers 5xx, never leaves a non-finite metric, never grows past the series bound', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), runSteps), fuzzSettings(30));
  });
});
