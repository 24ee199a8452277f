/**
 * PUT /api/v1/profile goes through the same validation as a scenario file (issue 10, part 1): nothing is accepted
 * live that a file would reject, and nothing accepted can crash the server afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../src/limits.js';
import { payloadGenerator } from '../../src/load/payload.ts';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

const scenario = parseScenario(
  `name: pv
summary: profile validation
seed: 3
duration: 2h
traffic: { rate: 0/min }
prices:
  toString: { input: 1, cache_write: 1, cache_read: 1, output: 1 }
phases:
  - { name: hangs, at: 1h, profile: { claude: { hang: { probability: 0.3 } } } }
`,
  'pv.yaml',
);
const next = payloadGenerator(7);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app over a hand-driven clock with no scenario traffic: only POSTs make generations. */
async function setUp(log?: (line: string) => void): Promise<{ app: FastifyInstance; run: LiveRun; advance: (ms: number) => void }> {
  let now = 0;
  const run = new LiveRun(scenario, { speed: 1, selfDriven: false, elapsed: () => now });
  app = await buildApp({ port: run, log });
  return { app, run, advance: (ms) => (now += ms) };
}

async function put(a: FastifyInstance, payload: string): Promise<{ status: number; body: { error?: string; fields?: { field: string; message: string }[] } }> {
  const r = await a.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload });
  return { status: r.statusCode, body: r.json() };
}

/** Sends a POST, lets simulated time pass until any generation is over, and returns the answer. */
async function generate(a: FastifyInstance, run: LiveRun, advance: (ms: number) => void): Promise<{ status: number; body: Record<string, unknown> }> {
  let answered = false;
  const pending = a.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() }).finally(() => (answered = true));
  // Simulated hours pass until the answer comes (the request reaches the simulation a few event-loop turns later).
  for (let i = 0; i < 1000 && !answered; i++) {
    advance(3_600_000);
    run.tick();
    await new Promise((r) => setImmediate(r));
  }
  const r = await pending;
  return { status: r.statusCode, body: r.json() };
}

describe('PUT /api/v1/profile refuses what a scenario file refuses', () => {
  it.each([
    ['a model with no price', '{"claude":{"models":{"gpt-x":1}}}', 'claude.models.gpt-x', /no prices for model gpt-x/],
    ['a model named after an Object.prototype property', '{"claude":{"models":{"constructor":1}}}', 'claude.models.constructor', /no prices for model constructor/],
    ['a client timeout of 0s', '{"claude":{"timeout":"0s"}}', 'claude.timeout', /longer than 0s/],
    ['error probabilities adding up to 1.6', '{"claude":{"errors":{"api_error":0.8,"overloaded":0.8}}}', 'claude.errors', /add up to 1\.6/],
    ['a 100-year time to first token', '{"claude":{"ttft":{"median":"100y"}}}', 'claude.ttft.median', /at most 1h/],
    ['a one-year hang', '{"claude":{"hang":{"probability":0.01,"duration":"1y"}}}', 'claude.hang.duration', /at most 30d/],
    ['a body of null', 'null', '(body)', /a JSON object/],
    ['a body that is a number', '42', '(body)', /a JSON object/],
    ['a body that is a list', '[]', '(body)', /a JSON object/],
  ])('refuses %s with 400 naming the field', async (_what, payload, field, message) => {
    const { app, run } = await setUp();
    const r = await put(app, payload);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_profile');
    expect(r.body.fields).toContainEqual({ field, message: expect.stringMatching(message) });
    expect(run.status().profileOverride).toBe(false);
  });

  it('checks the override against every phase of the scenario, naming the phase', async () => {
    const { app } = await setUp();
    // 0.75 of errors is fine on the base profile, but the "hangs" phase adds a 0.3 hang probability.
    const r = await put(app, '{"claude":{"errors":{"api_error":0.75}}}');
    expect(r.status).toBe(400);
    expect(r.body.fields).toContainEqual({ field: 'claude.errors', message: expect.stringMatching(/add up to 1\.05.*phase "hangs"/) });
  });

  it('reports schema and cross-field problems together', async () => {
    const { app } = await setUp();
    const r = await put(app, '{"cache":{"hit_ratio":7},"claude":{"models":{"gpt-x":1}}}');
    expect(r.body.fields?.map((f) => f.field).sort()).toEqual(['cache.hit_ratio', 'claude.models.gpt-x']);
  });
});

describe('no crash from a 2xx', () => {
  it('prices a model named after an Object.prototype property from its own price, never NaN', async () => {
    const { app, run, advance } = await setUp();
    expect((await put(app, '{"cache":{"hit_ratio":0},"claude":{"errors":{},"models":{"toString":1}}}')).status).toBe(200);
    const r = await generate(app, run, advance);
    expect(r.status).toBe(200);
    expect(r.body.model).toBe('toString');
    const tokens = r.body.tokens as Record<string, number>;
    // 1 USD per million tokens of every type.
    expect(r.body.cost_usd).toBeCloseTo((tokens.input + tokens.cache_write + tokens.cache_read + tokens.output) / 1e6, 12);
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).not.toMatch(/NaN/);
  });

  it('logs an unexpected error in one line with the request id and answers a JSON 500', async () => {
    const lines: string[] = [];
    const { app, run } = await setUp((line) => lines.push(line));
    run.generate = () => Promise.reject(new TypeError('boom'));
    const r = await app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ error: 'internal', requestId: expect.any(String) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`request ${r.json().requestId} POST /v1/lunar/interpretations failed: TypeError: boom$`));
  });

  it('answers 503 saturated, not an ever-growing heap, when the run holds as many generations as it can', async () => {
    const { app, run } = await setUp();
    expect((await put(app, '{"cache":{"hit_ratio":0},"claude":{"errors":{},"hang":{"probability":1,"duration":"1h"}}}')).status).toBe(200);
    for (let i = 0; i < LIMITS.inFlightGenerations; i++) void run.generate();
    const r = await app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() });
    expect(r.statusCode).toBe(503);
    expect(r.json().error).toBe('saturated');
    expect(r.headers['retry-after']).toBe('1');
    expect(run.status().activeGenerations).toBe(LIMITS.inFlightGenerations);
    run.stop();
  });
});
