/** A JSON body is read in the charset its Content-Type names (issue 20, finding 9), not always as UTF-8. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';

const scenario = parseScenario('name: cs\nsummary: charsets\nseed: 8\nduration: 1h\ntraffic: { rate: 0/min }\n', 'cs.yaml');
const request = { user_id: 'user-000042', birth: { date: '1990-04-12', time: '08:30', place: 'Besançon' }, period: '2026-02' };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app over a run with no scenario traffic, at ×1000: a generation answers in milliseconds. */
async function setUp(token?: string): Promise<FastifyInstance> {
  let now = 0;
  const run = new LiveRun(scenario, { speed: 1000, selfDriven: false, elapsed: () => now++ });
  app = await buildApp({ port: run, token });
  return app;
}

function post(a: FastifyInstance, contentType: string, body: Buffer) {
  return a.inject({ method: 'POST', url: '/v1/lunar/interpretations', headers: { 'content-type': contentType }, payload: body });
}

describe('JSON bodies and their charset', () => {
  it.each([
    ['iso-8859-1', 'latin1'],
    ['ISO-8859-1', 'latin1'],
    ['"utf-16le"', 'utf16le'],
    ['utf-8', 'utf8'],
  ] as const)('reads charset=%s as that charset', async (charset, encoding) => {
    const a = await setUp();
    const r = await post(a, `application/json; charset=${charset}`, Buffer.from(JSON.stringify(request), encoding));
    expect(r.statusCode).toBe(200);
    expect(r.json().interpretation.text).toContain('Besançon');
  });

  it('refuses a charset it cannot decode with 415, naming it', async () => {
    const a = await setUp();
    const r = await post(a, 'application/json; charset=klingon', Buffer.from(JSON.stringify(request)));
    expect(r.statusCode).toBe(415);
    expect(r.json()).toEqual({ error: 'unsupported_media_type', message: 'charset "klingon" is not one lunar-sim can decode (utf-8, utf-16le, iso-8859-1…)' });
  });

  it('refuses bytes that are not valid in the charset named, with 400 invalid_json', async () => {
    const a = await setUp();
    const r = await post(a, 'application/json; charset=utf-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'invalid_json', message: 'the body is not valid utf-8' });
  });

  it('still refuses __proto__ keys, whatever the charset', async () => {
    const a = await setUp();
    const r = await post(a, 'application/json; charset=utf-16le', Buffer.from('{"__proto__": {"x": 1}}', 'utf16le'));
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toBe('invalid_json');
  });
});

describe('the bearer scheme', () => {
  it.each(['Bearer s3cret', 'bearer s3cret', 'BEARER s3cret', 'Bearer  s3cret'])('is accepted in any case: %j', async (authorization) => {
    const a = await setUp('s3cret');
    const r = await a.inject({ method: 'PUT', url: '/api/v1/profile', payload: {}, headers: { authorization } });
    expect(r.statusCode).toBe(200);
  });

  it.each(['Basic s3cret', 'Bearers3cret', 'Bearer s3cret2', 'Bearer'])('refuses anything else: %j', async (authorization) => {
    const a = await setUp('s3cret');
    const r = await a.inject({ method: 'PUT', url: '/api/v1/profile', payload: {}, headers: { authorization } });
    expect(r.statusCode).toBe(401);
  });
});
