import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';
import { buildReplicaApp } from '../../src/server/replica-app.js';

const scenario = parseScenario(
  `name: srv
summary: server test
seed: 5
duration: 2h
traffic: { rate: 60/min }
phases:
  - { name: maintenance, at: 1h, down: true }
`,
  'srv.yaml',
);

/** A live run on a hand-driven clock: the test decides how much real time has passed. */
function liveRun(): { run: LiveRun; advance: (ms: number) => void } {
  let now = 0;
  const run = new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => now });
  return { run, advance: (ms) => (now += ms) };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('the live server', () => {
  it('serves /metrics in the Prometheus text format by default and OpenMetrics when asked', async () => {
    const { run, advance } = liveRun();
    app = await buildApp({ port: run });
    advance(10 * 60_000);
    const text = await app.inject('/metrics');
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text.body).toMatch(/^lunar_interpretation_generated_total\{source="claude",model="claude-opus-4-5-20251101"\} [1-9]\d*$/m);
    const om = await app.inject({ url: '/metrics', headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(om.headers['content-type']).toMatch(/^application\/openmetrics-text/);
    expect(om.body).toMatch(/# EOF\n$/);
  });

  it('reports status: scenario, phase, simulated time, totals', async () => {
    const { run, advance } = liveRun();
    app = await buildApp({ port: run });
    advance(30 * 60_000);
    const status = (await app.inject('/api/v1/status')).json();
    expect(status).toMatchObject({ scenario: 'srv', phase: 'base', scenarioSeconds: 1800, simulatedTime: '2026-01-05T00:30:00.000Z' });
    // 60/min for 30 min: about 1,800 generations (Poisson σ ≈ 42).
    expect(Math.abs(status.totals.generations - 1800)).toBeLessThan(250);
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok', apiDown: false });
  });

  it('answers 503 on /metrics while a down phase is in force', async () => {
    const { run, advance } = liveRun();
    app = await buildApp({ port: run });
    advance(61 * 60_000);
    const r = await app.inject('/metrics');
    expect(r.statusCode).toBe(503);
    expect(r.json().error).toBe('down');
  });

  it('changes the live profile with PUT and drops the change with DELETE', async () => {
    const { run, advance } = liveRun();
    app = await buildApp({ port: run });
    const put = await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { claude: { errors: { api_error: 1 } } } });
    expect(put.statusCode).toBe(200);
    expect(put.json().effective.claude.errors).toEqual({ api_error: 1 });
    advance(20 * 60_000);
    const status = run.status();
    expect(status.profileOverride).toBe(true);
    expect(status.totals.bySource.claude ?? 0).toBe(0);
    expect(status.totals.fallbacks).toBeGreaterThan(100);
    const del = await app.inject({ method: 'DELETE', url: '/api/v1/profile' });
    expect(del.json().override).toBeNull();
    expect(del.json().effective.claude.errors.api_error).toBe(0.03);
  });

  it('refuses a bad profile with 400 naming each field, and changes nothing', async () => {
    const { run } = liveRun();
    app = await buildApp({ port: run });
    const r = await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { cache: { hit_ratio: 3 }, claude: { ttft: { median: 'slow' } } } });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.error).toBe('invalid_profile');
    expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['cache.hit_ratio', 'claude.ttft.median']);
    expect(run.status().profileOverride).toBe(false);
  });

  it('refuses a body that is not JSON with a JSON 400', async () => {
    const { run } = liveRun();
    app = await buildApp({ port: run });
    const r = await app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { 'content-type': 'application/json' }, payload: '{oops' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'invalid_json' });
  });

  it('needs the bearer token for changes when one is set, but not for reads', async () => {
    const { run } = liveRun();
    app = await buildApp({ port: run, token: 's3cret' });
    expect((await app.inject('/metrics')).statusCode).toBe(200);
    const anonymous = await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    const wrong = await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: {}, headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({ method: 'PUT', url: '/api/v1/profile', payload: {}, headers: { authorization: 'Bearer s3cret' } });
    expect(ok.statusCode).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { run } = liveRun();
    app = await buildApp({ port: run });
    const r = await app.inject('/nope');
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toBe('not_found');
  });
});

describe('process metrics', () => {
  it('are absent unless asked for, and present when asked for', async () => {
    const plain = new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0 });
    const withProcess = new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0, processMetrics: true });
    expect((await plain.render('prometheus')).body).not.toContain('process_cpu_user_seconds_total');
    expect((await withProcess.render('prometheus')).body).toContain('process_cpu_user_seconds_total');
    expect((await withProcess.render('prometheus')).body).toContain('lunar_interpretation_generated_total');
  });
});

describe('a fleet served live', () => {
  const fleet = parseScenario(
    `name: fleet-srv
summary: three replicas
seed: 6
duration: 2h
traffic: { rate: 60/min }
fleet: { replicas: 3 }
phases:
  - { name: one-down, at: 30m, replicas: [1], down: true }
  - { name: deploy, at: 1h, rollout: { every: 1m } }
`,
    'fleet-srv.yaml',
  );
  const servers: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('serves one /metrics per replica with its pod label, lists the targets, and fails the scrape of a replica that is down', async () => {
    let now = 0;
    const run = new LiveRun(fleet, { speed: 1, selfDriven: true, elapsed: () => now });
    const control = await buildApp({ port: run, replicaTargets: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'] });
    const replicas = await Promise.all([0, 1, 2].map((slot) => buildReplicaApp(run, slot)));
    servers.push(control, ...replicas);
    now = 10 * 60_000;
    const two = await replicas[2].inject('/metrics');
    expect(two.statusCode).toBe(200);
    expect(two.body).toMatch(/^lunar_interpretation_generated_total\{source="claude",model="claude-opus-4-5-20251101",pod="lunar-api-v1-2"\} [1-9]\d*$/m);
    expect(two.body).not.toContain('lunar-api-v1-1');
    const c = await control.inject('/metrics');
    expect(c.statusCode).toBe(404);
    expect(c.json()).toMatchObject({ error: 'fleet' });
    expect((await control.inject('/api/v1/targets')).json()).toEqual([{ targets: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'], labels: {} }]);
    now = 40 * 60_000;
    run.tick();
    expect((await replicas[1].inject('/metrics')).statusCode).toBe(503);
    expect((await replicas[0].inject('/metrics')).statusCode).toBe(200);
    // After the rolling deploy, the slot serves its new pod.
    now = 65 * 60_000;
    run.tick();
    expect((await replicas[0].inject('/metrics')).body).toContain('pod="lunar-api-v2-0"');
    expect((await replicas[0].inject('/nope')).statusCode).toBe(404);
  });

  it('fails the scrape of a replica whose /metrics throws with a 500 naming the error, not an empty 200', async () => {
    const run = new LiveRun(fleet, { speed: 1, selfDriven: true, elapsed: () => 0 });
    run.render = async () => {
      throw new Error('render failed');
    };
    const lines: string[] = [];
    const replica = await buildReplicaApp(run, 0, (line) => lines.push(line));
    servers.push(replica);
    const r = await replica.inject('/metrics');
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ error: 'internal' });
    expect(lines).toEqual([expect.stringMatching(/render failed/)]);
  });
});

describe('the install', () => {
  // package.json overrides light-my-request's cookie@2 (Node ≥ 22 only) with cookie@1.1.1, which has the same
  // stringifySetCookie({ name, value }) light-my-request calls: inject() must still send cookies.
  it('inject() still sends cookies on the overridden cookie version', async () => {
    const { run } = liveRun();
    app = await buildApp({ port: run });
    app.get('/cookie-echo', async (request) => ({ cookie: request.headers.cookie }));
    const r = await app.inject({ url: '/cookie-echo', cookies: { a: 'b c', d: 'é' } });
    expect(r.json()).toEqual({ cookie: 'a=b%20c; d=%C3%A9' });
  });
});
