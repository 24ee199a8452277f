/**
 * `load`'s exit code against targets that fail in the ways a run meets in practice — killed mid-run, hung, overloaded,
 * slow — each a real node:http server on a real socket in this process, and its secrets kept off the output.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, type CliResult } from '../support/cli.js';

interface Target {
  server: http.Server;
  base: string;
  /** Requests received so far, and the URLs they asked for. */
  received: string[];
}

const targets: Target[] = [];

/** A server whose `answer` decides what to do with each request (answer it, delay it, never answer). */
async function target(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<Target> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(req.url ?? '');
    // The body is read before answering, as a real API would.
    req.resume();
    req.on('end', () => answer(req, res, received.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const t = { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
  targets.push(t);
  return t;
}

function ok(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"source":"claude"}');
}

afterEach(async () => {
  for (const t of targets.splice(0)) {
    t.server.closeAllConnections();
    await new Promise((resolve) => t.server.close(resolve));
  }
});

async function load(args: string[]): Promise<CliResult & { report: any }> {
  const r = await runCliAsync(['load', ...args, '--json', '-']);
  let report: unknown = null;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    // left null: the assertions then show the output
  }
  return { ...r, report };
}

describe('lunar-sim load thresholds', () => {
  it('exits 1 when the target is killed mid-run, and names the threshold missed', async () => {
    // Killed once it has answered 20 requests (the warm-up GET included): the rest of the 200 arrivals are refused.
    const t = await target((_req, res, n) => {
      ok(res);
      if (n === 21) {
        t.server.close();
        t.server.closeAllConnections();
      }
    });
    const r = await load(['--url', t.base, '--rate', '100/s', '--duration', '2s']);
    expect(r.code).toBe(1);
    expect(r.report.answered).toBeGreaterThan(0);
    expect(r.report.passed).toBe(false);
    expect(r.report.checks).toContainEqual(expect.objectContaining({ name: 'errors', ok: false }));
    expect(r.stderr).toMatch(/^lunar-sim: load on http:\/\/127\.0\.0\.1:\d+\/v1\/lunar\/interpretations missed its thresholds: .*errors \d+(\.\d)? % \(\d+ of \d+\), limit ≤ 10 %/m);
  });

  it('exits 1 when the target accepts requests and never answers', async () => {
    const t = await target((req) => {
      if (req.method === 'GET') req.socket.destroy(); // the warm-up is not held: the run starts at once
    });
    const r = await load(['--url', t.base, '--rate', '20/s', '--duration', '1s', '--grace', '200ms']);
    expect(r.code).toBe(1);
    expect(r.report.openAtStop.aborted).toBe(20);
    expect(r.report.goodput.requests).toBe(0);
    expect(r.report.checks).toContainEqual(expect.objectContaining({ name: 'errors', actual: '100 % (20 of 20)', ok: false }));
  });

  it('exits 1 on overload (most arrivals dropped at the in-flight cap), 0 when --max-dropped allows it', async () => {
    const slow = await target((_req, res) => setTimeout(() => ok(res), 1500));
    const args = ['--url', slow.base, '--rate', '50/s', '--duration', '1s', '--max-in-flight', '5'];
    const r = await load(args);
    expect(r.code).toBe(1);
    // 50 arrivals and 5 slots held 1.5 s each: 45 dropped.
    expect(r.report.arrivals).toMatchObject({ due: 50, sent: 5, dropped: { total: 45 } });
    expect(r.report.checks).toContainEqual(expect.objectContaining({ name: 'dropped', actual: '90 % (45 of 50)', ok: false }));
    const allowed = await load([...args, '--max-dropped', '100%', '--min-rate', '0']);
    expect(allowed.code).toBe(0);
    expect(allowed.report.passed).toBe(true);
  });

  it('judges --p95 and counts goodput against --objective', async () => {
    // Every answer takes 300 ms: over a p95 of 100ms, under one of 10s.
    const t = await target((_req, res) => setTimeout(() => ok(res), 300));
    const base = ['--url', t.base, '--rate', '20/s', '--requests', '10'];
    const strict = await load([...base, '--p95', '100', '--objective', '100ms']);
    expect(strict.code).toBe(1);
    expect(strict.report.checks).toContainEqual(expect.objectContaining({ name: 'p95', limit: '≤ 100 ms', ok: false }));
    expect(strict.report.goodput).toMatchObject({ objectiveMs: 100, requests: 0 });
    expect(strict.stdout + strict.stderr).toMatch(/^check     p95 \d+\.\d ms, limit ≤ 100 ms: FAILED$/m);
    const loose = await load([...base, '--p95', '10s', '--objective', '10s']);
    expect(loose.code).toBe(0);
    expect(loose.report.goodput).toMatchObject({ objectiveMs: 10_000, requests: 10, shareOfDue: 1 });
    expect(loose.stderr).toMatch(/^goodput   10 of 10 arrivals \(100\.0 %\) answered 2xx within 10s of their due time/m);
  });

  it('prints --url with its query secrets redacted, and keeps the query on the requests', async () => {
    const t = await target((_req, res) => ok(res));
    const r = await load(['--url', `${t.base}/?api_key=SeCrEtVaLuE&region=eu`, '--requests', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('SeCrEtVaLuE');
    expect(r.report.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/lunar\/interpretations\?api_key=<redacted>&region=eu$/);
    expect(t.received.at(-1)).toBe('/v1/lunar/interpretations?api_key=SeCrEtVaLuE&region=eu');
  });

  it.each([
    [['--url', 'http://user:pa55word@127.0.0.1:9'], /^lunar-sim: --url: credentials in the URL are not sent; give a bearer token/],
    [['--url', 'ftp://127.0.0.1/?token=pa55word'], /^lunar-sim: --url ftp:\/\/127\.0\.0\.1\/\?token=<redacted>: expected an http/],
    [['--url', 'http://127.0.0.1:9', '--max-errors', '5'], /^lunar-sim: --max-errors 5: expected a share such as 10% or 0\.1/],
    [['--url', 'http://127.0.0.1:9', '--p99', 'soon'], /^lunar-sim: --p99 soon: expected a duration/],
    [['--url', 'http://127.0.0.1:9', '--workers', '17'], /^lunar-sim: --workers 17: expected a whole number from 1 to 16$/],
    [['--url', 'http://127.0.0.1:9', '--workers', '3', '--max-in-flight', '2'], /^lunar-sim: --workers 3: expected a whole number from 1 to 2$/],
  ])('refuses %j in one line without repeating a secret, exit 2', async (args, message) => {
    const r = await runCliAsync(['load', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr).not.toContain('pa55word');
  });
});
