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
