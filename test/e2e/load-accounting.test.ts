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
import { ConnectionPool, OPEN_BURST, OPENS_PER_MS, QUEUE_MS } from '../../src/load/connection-pool.js';
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
  /** A pool on a server that never answers: every request handed to it stays open, so the queue can only grow. */
  async function onHungServer(peakRate: number, maxConnections: number, f: (pool: ConnectionPool, send: (atMs: number) => void) => void): Promise<void> {
    const hung = http.createServer((req) => req.resume());
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const pool = new ConnectionPool(`http://127.0.0.1:${(hung.address() as AddressInfo).port}`, {
      maxConnections, peakRate, timeoutMs: 10_000, connectTimeoutMs: 1000, onConnect: () => {},
    });
    const owner = { written: () => {}, answered: () => {}, failed: () => {} };
    try {
      f(pool, (atMs) => pool.dispatch({ path: '/', method: 'POST', body: 'x' }, new Exchange(owner).reset(atMs, atMs), atMs));
    } finally {
      await pool.destroy();
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
    }
  }

  it(`at a low rate, opens a connection for each request that would wait, ${OPEN_BURST} at once and then ${OPENS_PER_MS} per ms`, async () => {
    // 10/s: QUEUE_MS of arrivals is far less than one request, so any wait calls for a connection.
    await onHungServer(10, 100, (pool, send) => {
      for (let i = 0; i < 20; i++) send(0);
      // The first, then a burst of OPEN_BURST; the other requests wait, each behind the least busy connection.
      expect(pool.size).toBe(1 + OPEN_BURST);
      expect(pool.queued).toBe(20 - pool.size);
      // 1 / OPENS_PER_MS later, one more may open.
      send(1 / OPENS_PER_MS);
      expect(pool.size).toBe(2 + OPEN_BURST);
    });
  });

  it(`at a high rate, lets requests wait for a connection until they hold more than ${QUEUE_MS} ms of arrivals`, async () => {
    // 10,000/s × 5 ms = 50 requests may wait before a second connection opens: a short stall of the target does not
    // open a connection per request.
    const waitingAllowed = (10_000 * QUEUE_MS) / 1000;
    await onHungServer(10_000, 100, (pool, send) => {
      for (let i = 0; i < 1 + waitingAllowed; i++) send(0);
      expect(pool.size).toBe(1);
      expect(pool.queued).toBe(waitingAllowed);
      send(0);
      expect(pool.size).toBe(2);
    });
  });

  it('never opens more than its maximum (the in-flight cap)', async () => {
    await onHungServer(10, 3, (pool, send) => {
      for (let i = 0; i < 10; i++) send(i * 100);
      expect(pool.size).toBe(3);
      expect(pool.queued).toBe(7);
    });
  });

  it('reports a request as written when it goes on the wire, after the one ahead of it on its connection', async () => {
    // The lateness a run reports (send lag, "sent more than 10 ms late") is taken here: a request that waited 50 ms
    // behind another was seen by the target 50 ms late, whatever the generator's own timing.
    const slow = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('{}'), 50));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const pool = new ConnectionPool(`http://127.0.0.1:${(slow.address() as AddressInfo).port}`, {
      maxConnections: 1, peakRate: 10, timeoutMs: 10_000, connectTimeoutMs: 1000, onConnect: () => {},
    });
    try {
      const written: number[] = [];
      let ended = 0;
      const allEnded = new Promise<void>((resolve) => {
        const end = (x: Exchange): void => {
          pool.release(x);
          if (++ended === 2) resolve();
        };
        const owner = { written: () => written.push(performance.now()), answered: end, failed: end };
        for (let i = 0; i < 2; i++) pool.dispatch({ path: '/', method: 'POST', body: 'x' }, new Exchange(owner).reset(0, 0), 0);
      });
      await allEnded;
      expect(pool.size).toBe(1);
      expect(written).toHaveLength(2);
      // setTimeout(50) fires no earlier than 50 ms after it was set; 1 ms for the two clocks' rounding.
      expect(written[1] - written[0]).toBeGreaterThanOrEqual(49);
    } finally {
      await pool.destroy();
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
