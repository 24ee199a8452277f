import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Inbox } from '../../src/demo/inbox.js';
import { FieldsInvalidError } from '../../src/errors.js';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildApp } from '../../src/server/app.js';
import type { DemoPort } from '../../src/server/demo-port.js';

const scenario = parseScenario('name: d\nsummary: demo server\nseed: 2\nduration: 1h\ntraffic: { rate: 10/min }\n', 'd.yaml');

let app: FastifyInstance | undefined;
let upstream: Server | undefined;
afterEach(async () => {
  await app?.close();
  upstream?.close();
  app = upstream = undefined;
});

function demoApp(prometheus: string | null = null, model: unknown = null, alertmanager: string | null = null): Promise<{ app: FastifyInstance; inbox: Inbox }> {
  const inbox = new Inbox(() => 42);
  const demo: DemoPort = { inbox, prometheusUrl: () => prometheus, alertmanagerUrl: () => alertmanager, pageModel: () => model };
  const run = new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0 });
  return buildApp({ port: run, demo }).then((a) => ({ app: (app = a), inbox }));
}

const notification = {
  version: '4',
  status: 'firing',
  receiver: 'team',
  groupKey: '{}:{alertname="A"}',
  groupLabels: { alertname: 'A' },
  alerts: [{ status: 'firing', labels: { alertname: 'A', severity: 'warning' }, annotations: { summary: 's' }, startsAt: '2030-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'x', fingerprint: 'f' }],
};

describe('the inbox', () => {
  it('records what Alertmanager posts, by receiver, and lists it', async () => {
    const { app, inbox } = await demoApp();
    const r = await app.inject({ method: 'POST', url: `/api/v1/inbox/${inbox.secret}/team`, payload: notification });
    expect(r.statusCode).toBe(200);
    expect(inbox.received).toBe(1);
    const listed = (await app.inject('/api/v1/inbox')).json();
    // The group's labels are kept: drill counts notifications per receiver and group, as verify does.
    expect(listed.notifications).toEqual([{ receiver: 'team', receivedAt: 42, status: 'firing', groupLabels: { alertname: 'A' }, alerts: notification.alerts }]);
  });

  it('refuses a payload that is not a notification, naming the field', async () => {
    const { app, inbox } = await demoApp();
    const bad = await app.inject({ method: 'POST', url: `/api/v1/inbox/${inbox.secret}/team`, payload: { status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 7 }, startsAt: 'x', endsAt: 'y' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([{ field: 'alerts.0.labels.alertname', message: 'must be string' }]);
    const missing = await app.inject({ method: 'POST', url: `/api/v1/inbox/${inbox.secret}/team`, payload: { status: 'firing' } });
    expect(missing.json().fields).toEqual([{ field: 'alerts', message: "must have required property 'alerts'" }]);
    const text = await app.inject({ method: 'POST', url: `/api/v1/inbox/${inbox.secret}/team`, payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(inbox.received).toBe(0);
  });
});

describe("the inbox's per-run secret (issue 20, finding 4)", () => {
  it('is a fresh, unguessable path segment for each inbox', () => {
    const [a, b] = [new Inbox(), new Inbox()];
    expect(a.secret).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(a.secret).not.toBe(b.secret);
  });

  it('takes notifications only under the secret: anything else is refused and recorded nowhere', async () => {
    const { app, inbox } = await demoApp();
    for (const url of ['/api/v1/inbox/team', `/api/v1/inbox/${inbox.secret.slice(1)}x/team`, '/api/v1/inbox/x/team']) {
      const r = await app.inject({ method: 'POST', url, payload: notification });
      expect([url, r.statusCode]).toEqual([url, url === '/api/v1/inbox/team' ? 404 : 403]);
    }
    expect(inbox.received).toBe(0);
    expect((await app.inject('/api/v1/inbox')).json().notifications).toEqual([]);
  });
});

describe("the page's Prometheus proxy", () => {
  it('answers 503 until the demo has a Prometheus', async () => {
    const { app } = await demoApp(null);
    const r = await app.inject('/api/v1/prometheus/query?query=up');
    expect([r.statusCode, r.json().error]).toEqual([503, 'prometheus_unavailable']);
  });

  it('checks every parameter: names, lengths, times, and the number of points', async () => {
    const { app } = await demoApp('http://127.0.0.1:1');
    const unknown = await app.inject('/api/v1/prometheus/query?query=up&timeout=1h');
    expect([unknown.statusCode, unknown.json().fields]).toEqual([400, [{ field: 'timeout', message: 'must NOT have additional properties' }]]);
    const long = await app.inject(`/api/v1/prometheus/query?query=${'x'.repeat(4097)}`);
    expect([long.statusCode, long.json().fields[0].field]).toEqual([400, 'query']);
    const time = await app.inject('/api/v1/prometheus/query?query=up&time=now');
    expect([time.statusCode, time.json().fields[0].field]).toEqual([400, 'time']);
    const points = await app.inject('/api/v1/prometheus/query_range?query=up&start=0&end=100000&step=1');
    expect([points.statusCode, points.json().fields[0].field]).toEqual([400, 'step']);
  });

  it('forwards only the query, over GET, and passes the answer on', async () => {
    const seen: string[] = [];
    upstream = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(422, { 'content-type': 'application/json' }).end('{"status":"error","error":"bad"}');
    });
    await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
    const { app } = await demoApp(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    const r = await app.inject('/api/v1/prometheus/query_range?query=sum(x)&start=10&end=20.5&step=0.25');
    expect([r.statusCode, r.json()]).toEqual([422, { status: 'error', error: 'bad' }]);
    await app.inject('/api/v1/prometheus/rules');
    expect(seen).toEqual(['GET /api/v1/query_range?query=sum%28x%29&start=10&end=20.5&step=0.25', 'GET /api/v1/rules?type=alert']);
  });
});

describe('the page', () => {
  it('serves its files and uPlot, and its model once the demo is up', async () => {
    const { app } = await demoApp(null, { title: 'T', rows: [] });
    const index = await app.inject('/');
    expect([index.statusCode, index.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(index.body).toContain('<script type="module" src="/app.js">');
    for (const file of ['/app.js', '/panels.js', '/format.js', '/range.js', '/annotations.js', '/tooltip.js', '/alerts.js', '/variables.js', '/api.js', '/style.css', '/vendor/uplot/uPlot.esm.js', '/vendor/uplot/uPlot.min.css']) {
      expect([file, (await app.inject(file)).statusCode]).toEqual([file, 200]);
    }
    expect((await app.inject('/api/v1/dashboard')).json()).toEqual({ title: 'T', rows: [] });
    const missing = await app.inject('/nope.js');
    expect([missing.statusCode, missing.json().error]).toEqual([404, 'not_found']);
    // The runbooks the alert list links to, as text; nothing but docs/'s own .md files.
    const runbooks = await app.inject('/docs/runbooks.md');
    expect([runbooks.statusCode, runbooks.headers['content-type'], runbooks.body.includes('## LunarClaudeDown')]).toEqual([200, 'text/plain; charset=utf-8', true]);
    for (const bad of ['/docs/..%2Fpackage.json', '/docs/nope.md', '/docs/%2E%2E%2FREADME.md']) expect([bad, (await app.inject(bad)).statusCode]).toEqual([bad, 404]);
  });

  it("takes the dashboard's variables as Grafana's var- parameters, and answers 400 naming the field for a bad one", async () => {
    const seen: (Record<string, string[]> | undefined)[] = [];
    const inbox = new Inbox(() => 42);
    const pageModel = (choices?: Record<string, string[]>) => {
      seen.push(choices);
      if (choices?.interval?.[0] === '7m') throw new FieldsInvalidError([{ field: 'var-interval', message: '"7m" is not one of 5m, 1h' }]);
      return { title: 'T', rows: [] };
    };
    const run = new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0 });
    app = await buildApp({ port: run, demo: { inbox, prometheusUrl: () => null, pageModel } });
    expect((await app.inject('/api/v1/dashboard?var-model=a&var-model=b&var-interval=1h')).statusCode).toBe(200);
    expect(seen).toEqual([{ model: ['a', 'b'], interval: ['1h'] }]);
    const bad = await app.inject('/api/v1/dashboard?var-interval=7m');
    expect([bad.statusCode, bad.json()]).toEqual([400, { error: 'invalid_request', message: 'var-interval: "7m" is not one of 5m, 1h', fields: [{ field: 'var-interval', message: '"7m" is not one of 5m, 1h' }] }]);
    const other = await app.inject('/api/v1/dashboard?model=a');
    expect([other.statusCode, other.json().fields[0].field]).toEqual([400, 'model']);
    const many = await app.inject(`/api/v1/dashboard?${new Array(21).fill('var-model=a').join('&')}`);
    expect([many.statusCode, many.json().fields[0].field]).toEqual([400, 'var-model']);
    expect(seen).toHaveLength(2);
  });

  it('answers 503 for the model while the demo starts, and does not exist outside a demo', async () => {
    const { app } = await demoApp();
    expect((await app.inject('/api/v1/dashboard')).statusCode).toBe(503);
    const plain = await buildApp({ port: new LiveRun(scenario, { speed: 1, selfDriven: true, elapsed: () => 0 }) });
    try {
      expect((await plain.inject('/')).statusCode).toBe(404);
      expect((await plain.inject({ method: 'POST', url: '/api/v1/inbox/team', payload: notification })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe("the page's question to Alertmanager", () => {
  it('is 503 until Alertmanager is up, then asks it one fixed question and passes its answer on', async () => {
    const early = await demoApp();
    expect((await early.app.inject('/api/v1/alertmanager/alerts')).statusCode).toBe(503);
    await early.app.close();
    const seen: string[] = [];
    upstream = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[{"labels":{"alertname":"A"},"status":{"state":"suppressed","inhibitedBy":["x"]}}]');
    });
    await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
    const { app } = await demoApp(null, null, `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    const r = await app.inject('/api/v1/alertmanager/alerts?filter=x&receiver=y');
    expect([r.statusCode, r.json()]).toEqual([200, [{ labels: { alertname: 'A' }, status: { state: 'suppressed', inhibitedBy: ['x'] } }]]);
    expect(seen).toEqual(['GET /api/v2/alerts?active=true&inhibited=true&silenced=true&unprocessed=false']);
  });
});
