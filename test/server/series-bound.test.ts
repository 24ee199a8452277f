/**
 * Live overrides cannot grow /metrics without bound (issue 10, part 5): a run admits at most LIMITS.modelsPerRun
 * models and LIMITS.errorTypesPerRun error types, counting the scenario's own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../src/limits.js';
import { payloadGenerator } from '../../src/load/payload.ts';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

const scenario = parseScenario('name: sb\nsummary: series bound\nseed: 4\nduration: 1h\ntraffic: { rate: 0/min }\n', 'sb.yaml');
const next = payloadGenerator(3);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setUp(): Promise<{ app: FastifyInstance; run: LiveRun; advance: (ms: number) => void }> {
  let now = 0;
  const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => now });
  app = await buildApp({ port: run });
  return { app, run, advance: (ms) => (now += ms) };
}

function errorsOverride(prefix: string, count: number): string {
  const errors = Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}_${i}`, 0.5 / count]));
  return JSON.stringify({ cache: { hit_ratio: 0 }, claude: { errors } });
}

async function seriesCount(a: FastifyInstance): Promise<number> {
  return (await a.inject('/metrics')).body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
}

async function generateMany(a: FastifyInstance, run: LiveRun, advance: (ms: number) => void, n: number): Promise<void> {
  let answered = false;
  const pending = Promise.all(Array.from({ length: n }, () => a.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() })));
  void pending.finally(() => (answered = true));
  // Simulated hours pass until every answer comes (requests reach the simulation a few event-loop turns later).
  for (let i = 0; i < 1000 && !answered; i++) {
    advance(3_600_000);
    run.tick();
    await new Promise((r) => setImmediate(r));
  }
  for (const r of await pending) expect(r.statusCode).toBe(200);
}

describe('label values admitted by live overrides', () => {
  it('refuses an override that would take the run past its error-type bound, and /metrics stays bounded', async () => {
    const { app, run, advance } = await setUp();
    const before = await seriesCount(app);
    for (let i = 0; i < 12; i++) {
      const r = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload: errorsOverride(`e${i}`, 500) });
      expect(r.statusCode).toBe(400);
      expect(r.json().fields).toContainEqual({ field: 'claude.errors', message: expect.stringMatching(new RegExp(`at most ${LIMITS.errorTypesPerRun} error types`)) });
    }
    await generateMany(app, run, advance, 50);
    expect(await seriesCount(app)).toBe(before);
  });

  it('counts the types earlier overrides brought in: the budget is per run, not per request', async () => {
    const { app } = await setUp();
    const half = Math.floor(LIMITS.errorTypesPerRun / 2);
    const first = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload: errorsOverride('a', half) });
    expect(first.statusCode).toBe(200);
    const second = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload: errorsOverride('b', half) });
    expect(second.statusCode).toBe(400);
    // Types already admitted stay admitted: the same override again is fine.
    const again = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload: errorsOverride('a', half) });
    expect(again.statusCode).toBe(200);
  });

  it('keeps the series an override introduced after DELETE, with their counts, as a running process would', async () => {
    const { app, run, advance } = await setUp();
    const put = await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { cache: { hit_ratio: 0 }, claude: { errors: { quota_exceeded: 1 } } } });
    expect(put.statusCode).toBe(200);
    await generateMany(app, run, advance, 3);
    const series = /^lunar_interpretation_fallback_total\{type="quota_exceeded",source="db_template"\} 3$/m;
    expect((await app.inject('/metrics')).body).toMatch(series);
    await app.inject({ method: 'DELETE', url: '/api/v1/profile' });
    expect((await app.inject('/metrics')).body).toMatch(series);
  });
});
