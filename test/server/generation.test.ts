import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { payloadGenerator } from '../../src/load/payload.ts';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

const scenario = parseScenario('name: ep\nsummary: endpoint\nseed: 8\nduration: 1h\ntraffic: { rate: 0/min }\n', 'ep.yaml');
const next = payloadGenerator(1);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app over a run with no scenario traffic, at ×1000 speed: a 10 s generation answers in 10 ms. */
async function setUp(): Promise<{ run: LiveRun; app: FastifyInstance }> {
  let now = 0;
  const run = new LiveRun(scenario, { speed: 1000, selfDriven: false, elapsed: () => now++ });
  app = await buildApp({ port: run });
  return { run, app };
}

async function generatedTotal(a: FastifyInstance): Promise<number> {
  const text = (await a.inject('/metrics')).body;
  return [...text.matchAll(/^lunar_interpretation_generated_total\{.*\} (\d+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
}

describe('POST /v1/lunar/interpretations', () => {
  it('runs one generation per request and answers with the source, model, tokens, cost and a text', async () => {
    const { app } = await setUp();
    const responses = await Promise.all(Array.from({ length: 40 }, () => app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() })));
    expect(responses.map((r) => r.statusCode)).toEqual(new Array(40).fill(200));
    const bodies = responses.map((r) => r.json());
    expect(new Set(bodies.map((b) => b.source))).toEqual(new Set(['claude', 'db_temporal']));
    const claude = bodies.find((b) => b.source === 'claude');
    expect(claude).toMatchObject({ model: 'claude-opus-4-5-20251101', fallback_type: null, tokens: { input: 900 } });
    expect(claude.cost_usd).toBeGreaterThan(0.01);
    expect(claude.interpretation.title).toMatch(/^Votre mois lunaire — (janvier|février) 2026$/);
    expect(claude.interpretation.text.length).toBeGreaterThan(80);
    expect(await generatedTotal(app)).toBe(40);
    expect((await app.inject('/metrics')).body).toMatch(/^lunar_interpretation_active_generations 0$/m);
  });

  it('writes the same text for the same user, period and source', async () => {
    const { app } = await setUp();
    await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { cache: { hit_ratio: 1 } } });
    const payload = next();
    const [a, b] = await Promise.all([1, 2].map(() => app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload })));
    expect(a.json().interpretation).toEqual(b.json().interpretation);
  });

  it('holds a hung request in flight until the hang ends', async () => {
    const { run, app } = await setUp();
    await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { cache: { hit_ratio: 0 }, claude: { errors: {}, hang: { probability: 1, duration: '200s' } } } });
    const pending = app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() });
    await new Promise((r) => setTimeout(r, 50));
    expect(run.status().activeGenerations).toBe(1);
    const r = await pending;
    expect(r.json()).toMatchObject({ source: 'db_template', fallback_type: 'timeout' });
    expect(r.json().duration_seconds).toBeGreaterThanOrEqual(200);
    expect(run.status().activeGenerations).toBe(0);
  });

  const valid = { user_id: 'u1', birth: { date: '1990-04-12', time: '08:30', place: 'Lyon' }, period: '2026-02' };
  it.each([
    ['a missing field', { ...valid, period: undefined }, 400, 'period'],
    ['a wrong type', { ...valid, user_id: 42 }, 400, 'user_id'],
    ['a malformed nested value', { ...valid, birth: { ...valid.birth, date: '12/04/1990' } }, 400, 'birth.date'],
    ['an unknown field', { ...valid, mood: 'happy' }, 400, 'mood'],
  ])('refuses %s with 400 naming the field, and changes no metric', async (_what, payload, status, field) => {
    const { app } = await setUp();
    const r = await app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload });
    expect(r.statusCode).toBe(status);
    expect(r.json().error).toBe('invalid_request');
    expect(r.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await generatedTotal(app)).toBe(0);
  });

  it('refuses a body that is not JSON, an oversized one and a wrong content type, changing no metric', async () => {
    const { app } = await setUp();
    const post = (payload: string, type = 'application/json') =>
      app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload, headers: { 'content-type': type } });
    const notJson = await post('{"user_id": ');
    expect([notJson.statusCode, notJson.json().error]).toEqual([400, 'invalid_json']);
    const big = await post(JSON.stringify({ ...valid, user_id: 'x'.repeat(40_000) }));
    expect([big.statusCode, big.json().error]).toEqual([413, 'body_too_large']);
    const text = await post('hello', 'text/plain');
    expect([text.statusCode, text.json().error]).toEqual([415, 'unsupported_media_type']);
    expect(await generatedTotal(app)).toBe(0);
  });
});

describe('a request in flight when the API goes down', () => {
  it('gets a 503, like a connection the dead process drops', async () => {
    const down = parseScenario('name: dn\nsummary: down\nseed: 8\nduration: 2h\ntraffic: { rate: 0/min }\nphases:\n  - { name: down, at: 1h, down: true }\n', 'dn.yaml');
    let now = 0;
    const run = new LiveRun(down, { speed: 1000, selfDriven: false, elapsed: () => now });
    app = await buildApp({ port: run });
    await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { cache: { hit_ratio: 0 }, claude: { errors: {}, hang: { probability: 1, duration: '1h' } } } });
    now = 59 * 60_000 / 1000; // real ms at ×1000: scenario time 59 min
    const pending = app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() });
    await new Promise((r) => setTimeout(r, 20));
    expect(run.status().activeGenerations).toBe(1);
    now = 61 * 60_000 / 1000;
    run.tick();
    const r = await pending;
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ error: 'down', message: 'the simulated API went down during the generation' });
    // A request that arrives while it is down: 503 at once, saying so.
    const late = await app.inject({ method: 'POST', url: '/v1/lunar/interpretations', payload: next() });
    expect(late.statusCode).toBe(503);
    expect(late.json()).toMatchObject({ error: 'down', message: 'the simulated API is down (scenario phase)' });
    expect(run.status().totals.generations).toBe(0);
  });
});

describe('sunSign', () => {
  it('puts cusp days in the right sign', async () => {
    const { sunSign } = await import('../../src/model/interpretation-text.js');
    expect([sunSign('1990-03-20'), sunSign('1990-03-21'), sunSign('1990-12-21'), sunSign('1990-12-22'), sunSign('1990-01-19'), sunSign('1990-01-20')])
      .toEqual(['Poissons', 'Bélier', 'Sagittaire', 'Capricorne', 'Capricorne', 'Verseau']);
  });
});

describe('interpretationText', () => {
  it('writes, for a fixed request and seed, these texts (per user for Claude and the cache, per sign for templates), in grammatical French', async () => {
    const { interpretationText, loadVocabulary } = await import('../../src/model/interpretation-text.js');
    await loadVocabulary();
    const request = { user_id: 'user-000042', birth: { date: '1987-11-23', time: '06:45', place: 'Besançon' }, period: '2026-03' };
    expect((['claude', 'db_temporal', 'db_template', 'hardcoded'] as const).map((source) => interpretationText(request, source, 7))).toEqual([
      {"title": "Votre mois lunaire — mars 2026", "text": "Né·e à Besançon à 06:45, vous abordez ce mois avec un regard hebdomadaire. Sagittaire, le Dernier Quartier du 26 mars apaise vos projets. Autour de la Nouvelle Lune, un élan apte invite à revoir votre travail. Un rythme plus lent vous servira mieux qu’un effort constant."},
      {"title": "Votre mois lunaire — mars 2026", "text": "Né·e à Besançon à 06:45, vous abordez ce mois avec un regard hebdomadaire. Sagittaire, le Dernier Quartier du 26 mars apaise vos projets. Autour de la Nouvelle Lune, un élan apte invite à revoir votre travail. Un rythme plus lent vous servira mieux qu’un effort constant."},
      {"title": "Votre mois lunaire — mars 2026", "text": "Sagittaire, le Premier Quartier du 24 mars met à l’épreuve votre travail. Autour du Premier Quartier, un élan fourbe relance votre énergie. Gardez une place pour l’imprévu : il vous sera favorable."},
      {"title": "Votre mois lunaire — mars 2026", "text": "La Lune traverse ce mois-ci chacune de ses phases : un temps pour commencer, un temps pour agir, un temps pour récolter et un temps pour se reposer. Écoutez votre rythme et avancez pas à pas."},
    ]);
  });
});
