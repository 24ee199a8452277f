/**
 * Every arrival of a load run is accounted for exactly (issue 21): due = sent + dropped, each sent request ends once
 * as answered, failed or aborted, and what was open when sending stopped finished within the grace period or was
 * aborted. Against a real node:http server on a real socket that answers some requests at once, holds some, and
 * resets some, with a small in-flight cap so that arrivals are dropped too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/load/report.js';
import { endpointUrl, runLoad } from '../../src/load/runner.js';
import { constantSchedule } from '../../src/load/schedule.js';
import { runCliAsync } from '../support/cli.js';
import { ConnectionPool } from '../../src/load/connection-pool.js';
import { Exchange } from '../../src/load/exchange.js';

let server: http.Server;
let base: string;
let received = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received += 1;
    req.resume();
    req.on('end', () => {
      const n = received % 10;
      if (n === 0) req.socket.destroy(); // reset mid-request
      else if (n === 1) setTimeout(() => res.end('{"source":"claude"}'), 3000); // held past the grace period
      else res.end('{"source":"db_temporal"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('load accounting', () => {
  it('counts every arrival once: sent + dropped = arrivals, answered + failed + aborted = sent', async () => {
    const run = await runLoad({
      url: endpointUrl(base),
      schedule: constantSchedule(500, 1000),
      arrivals: 'constant',
      seed: 3,
      maxInFlight: 20,
      graceMs: 300,
      timeoutMs: 10_000,
    });
    const r = buildReport(run);
    const a = r.arrivals;
    expect(a.planned).toBe(500);
    expect(a.due).toBe(500);
    expect(a.sent + a.dropped.total).toBe(a.due);
    expect(a.dropped.generator_late + a.dropped.slow_answers + a.dropped.target_down + a.dropped.errors).toBe(a.dropped.total);
    expect(r.answered + r.failures.total + r.openAtStop.aborted).toBe(a.sent);
    expect(r.openAtStop.finishedInGrace + r.openAtStop.aborted).toBe(r.openAtStop.total);
    // Each kind of outcome happened, so each term above was exercised: held requests fill the 20 slots (drops), resets
    // fail, and the held ones still open 300 ms after the last arrival are aborted.
    expect(a.dropped.total).toBeGreaterThan(0);
    expect(r.failures.reset).toBeGreaterThan(0);
    expect(r.openAtStop.aborted).toBeGreaterThan(0);
    expect(r.answered).toBeGreaterThan(0);
    // The server saw no more than was sent (an aborted request may never have been written), plus the warm-up GET.
    expect(received).toBeLessThanOrEqual(a.sent + 1);
    expect(received).toBeGreaterThanOrEqual(r.answered + (r.failures.reset ?? 0));
    // Connections: never more than the cap, whatever the drops.
    expect(r.connectionsOpened).toBeLessThanOrEqual(20 + (r.failures.reset ?? 0) + 1);
  });
});

describe('load --workers', () => {
  it('spreads one schedule over worker threads: every arrival sent once, one merged report', async () => {
    const posts: string[] = [];
    const quick = http.createServer((req, res) => {
      if (req.method === 'POST') posts.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('{"source":"claude"}'));
    });
    await new Promise<void>((resolve) => quick.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(quick.address() as AddressInfo).port}`;
      const r = await runCliAsync(['load', '--url', url, '--rate', '200/s', '--requests', '301', '--workers', '3', '--json', '-']);
      expect(r.stderr).not.toMatch(/lunar-sim: /);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      // --requests counts the arrivals of the whole schedule, not of each worker.
      expect(report.arrivals).toMatchObject({ planned: 301, due: 301, sent: 301, dropped: { total: 0 } });
      expect(report.answered).toBe(301);
      expect(report.latencyMs.count).toBe(301);
      expect(report.sources).toEqual({ claude: 301 });
      expect(posts).toHaveLength(301);
    } finally {
      quick.closeAllConnections();
      await new Promise((resolve) => quick.close(resolve));
    }
  });
});

describe('the connection pool', () => {
  it('is sized from 2 × rate × latency + 8: the age of the oldest open request counts, less the generator\'s own lag', async () => {
    const hung = http.createServer((req) => req.resume()); // never answers
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const pool = new ConnectionPool(`http://127.0.0.1:${(hung.address() as AddressInfo).port}`, {
      maxConnections: 100, peakRate: 1000, timeoutMs: 10_000, connectTimeoutMs: 1000, onConnect: () => {},
    });
    try {
      const owner = { answered: () => {}, failed: () => {} };
      pool.dispatch({ path: '/', method: 'POST', body: 'x' }, new Exchange(owner).reset(0, 0), 0);
      expect(pool.size).toBe(1);
      // No answer yet: latency is the 1 ms the moving average starts from; 2 × 1000/s × 1 ms + 8.
      expect(pool.allowed(0)).toBe(10);
      // The request sent at 0 is still open at 30 ms: at least 30 ms of latency, 2 × 1000/s × 30 ms + 8.
      expect(pool.allowed(30)).toBe(68);
      // …unless the generator is itself 30 ms late: then the wait is its own, not the target's.
      expect(pool.allowed(30, 30)).toBe(10);
      // Never more than the maximum (the in-flight cap).
      expect(pool.allowed(1000)).toBe(100);
      // Busy connections: the next request opens a second one while the pool is under its size.
      pool.dispatch({ path: '/', method: 'POST', body: 'x' }, new Exchange(owner).reset(1, 1), 1);
      expect(pool.size).toBe(2);
    } finally {
      await pool.destroy();
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
    }
  });
});
