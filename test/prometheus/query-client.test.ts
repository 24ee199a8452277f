/**
 * The query client's handling of what a remote query API answers (backtest and calibrate talk to production through
 * it): the headers reach the server, and an answer that is not the query API's — a gateway's login page, a redirect,
 * a refused connection — is one clear error, never a JSON parse stack trace. The values themselves are Prometheus'
 * (test/e2e/backtest.test.ts); this server only stands in for a gateway in front of it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildProcessError } from '../../src/errors.js';
import { queryRange } from '../../src/prometheus/query-client.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(answer: (headers: IncomingHttpHeaders) => { status: number; body: string; headers?: Record<string, string> }): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answer(req.headers);
      res.writeHead(a.status, { 'content-type': 'text/html', ...a.headers });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const MATRIX = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x', job: 'a' }, values: [[60, '1'], [120, '2']] }] } });

describe('queryRange against a remote query API', () => {
  it('sends the given headers with every query', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((h) => {
      seen.push(h.authorization);
      return { status: 200, body: MATRIX };
    });
    const series = await queryRange(url, 'x', 60_000, 120_000, 60_000, { headers: { Authorization: 'Bearer t0ken' } });
    expect(seen).toEqual(['Bearer t0ken']);
    expect(series).toEqual([{ labels: { job: 'a' }, points: new Map([[60_000, 1], [120_000, 2]]) }]);
  });

  it('reports a login page or a redirect as not the query API, with its status', async () => {
    const login = await serve(() => ({ status: 401, body: '<html><body>Please log in</body></html>' }));
    await expect(queryRange(login, 'x', 0, 60_000, 60_000)).rejects.toThrow(/HTTP 401 .*not a query API answer: <html><body>Please log in/);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const moved = await serve(() => ({ status: 302, body: '', headers: { location: 'https://sso.example/login' } }));
    await expect(queryRange(moved, 'x', 0, 60_000, 60_000)).rejects.toThrow(/HTTP 302/);
  });

  it('reports a server that does not answer in one line', async () => {
    const e = await queryRange('http://127.0.0.1:1', 'x', 0, 60_000, 60_000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChildProcessError);
    expect((e as Error).message).toMatch(/^http:\/\/127\.0\.0\.1:1 did not answer the query API: /);
  });
});
