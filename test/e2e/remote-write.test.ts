/**
 * `lunar-sim push` and `run --remote-write` against a real Prometheus 2.42 started with
 * `--web.enable-remote-write-receiver` (no out-of-order window: a push in time order must not need one). Values are
 * read back through the query API and compared exactly with the virtual run's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROMETHEUS } from '../../src/prometheus/binaries.js';
import { Scratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { seriesAcrossPods } from '../../src/remote-write/push-history.js';
import { planHistory, type PushSpan } from '../../src/remote-write/time-axis.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { runCliAsync, startCli } from '../support/cli.js';
import { binaryForTest, instantQuery } from '../support/prometheus.js';
import { readBack, runSamples, sampleCount, sampleDifferences } from '../support/read-back.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const prometheus = binaryForTest(PROMETHEUS);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-remote-write-test-'));
const scratches: Scratch[] = [];
let receiver: Receiver | null = null;

afterEach(async () => {
  await receiver?.close();
  receiver = null;
});
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.dispose()));
  rmSync(work, { recursive: true, force: true });
});

/** A fresh, empty Prometheus receiving remote write; its URL and its write endpoint. */
async function receiverPrometheus(): Promise<{ url: string; write: string }> {
  const scratch = new Scratch();
  scratches.push(scratch);
  const { url } = await startPrometheus(prometheus!, scratch.tempDir('rw-tsdb'), scratch, undefined, ['--web.enable-remote-write-receiver']);
  return { url, write: `${url}/api/v1/write` };
}

/** What a push of `name` over `span` must have stored: the samples of the same virtual run. */
function expectedRun(name: string, span: PushSpan, labels: Record<string, string>) {
  const plan = planHistory(loadScenario(name), span, Date.now(), seriesAcrossPods);
  const run = runVirtual(plan.scenario);
  return { plan, samples: runSamples(run.log, plan.fromMs, plan.toMs, labels) };
}

const labels = { job: 'lunar-sim', instance: 'lunar-sim' };

describe.runIf(prometheus !== null)('remote write into a real Prometheus', () => {
  it('push of 7 days reads back identical values for every sampled series', async () => {
    const prom = await receiverPrometheus();
    const r = await runCliAsync(['push', 'baseline', '--url', prom.write, '--to', '6d']);
    expect(r.stderr).not.toMatch(/retry/);
    expect(r.code).toBe(0);
    const expected = expectedRun('baseline', { to: 6 * DAY }, labels);
    expect(expected.plan.toMs - expected.plan.fromMs).toBe(7 * DAY); // 24 h warm-up + 6 days
    const stored = await readBack(prom.url, '{job="lunar-sim"}', expected.plan.fromMs, expected.plan.toMs);
    expect(sampleDifferences(expected.samples, stored)).toEqual([]);
    const count = sampleCount(expected.samples);
    expect(count).toBeGreaterThan(4_000_000);
    expect(r.stdout).toContain(`samples   ${count.toLocaleString('en-US')} in `);
    expect(r.stdout).toMatch(/series {4}108\n/);
  });

  it('writes stale markers where the API went down: the series vanish at once and absent() is 1', async () => {
    const withMarkers = await receiverPrometheus();
    const without = await receiverPrometheus();
    expect((await runCliAsync(['push', 'api-down', '--url', withMarkers.write])).code).toBe(0);
    expect((await runCliAsync(['push', 'api-down', '--url', without.write, '--no-stale-markers'])).code).toBe(0);
    const scenario = loadScenario('api-down');
    const downAt = scenario.start + HOUR; // the down phase starts at 1 h; the last scrape was 15 s earlier
    const gauge = 'lunar_interpretation_active_generations{job="lunar-sim"}';
    expect(await instantQuery(withMarkers.url, gauge, downAt - 1000)).toHaveLength(1);
    expect(await instantQuery(withMarkers.url, gauge, downAt)).toEqual([]);
    expect(await instantQuery(withMarkers.url, `absent(${gauge})`, downAt)).toEqual([{ metric: { job: 'lunar-sim' }, value: [downAt / 1000, '1'] }]);
    expect(await instantQuery(withMarkers.url, `count({job="lunar-sim"})`, downAt + 60_000)).toEqual([]);
    // Without markers the last value lingers for Prometheus' 5-minute lookback: the marker made the difference.
    expect(await instantQuery(without.url, gauge, downAt)).toHaveLength(1);
    expect(await instantQuery(without.url, `absent(${gauge})`, downAt)).toEqual([]);
    // After the outage the series are back, counters restarted.
    expect(await instantQuery(withMarkers.url, gauge, scenario.start + 2 * HOUR + 15_000)).toHaveLength(1);
  });

  it('sends auth and custom headers; a wrong token is one line with the status and the reason, exit 2', async () => {
    const prom = await receiverPrometheus();
    const seen: string[] = [];
    receiver = await startReceiver((req) => {
      seen.push(`${req.headers.authorization} ${req.headers['x-scope-orgid']}`);
      const ok = req.headers.authorization === 'Bearer s3cret' || req.headers.authorization === `Basic ${Buffer.from('12345:pa55').toString('base64')}`;
      return ok && req.headers['x-scope-orgid'] === 'team-a' ? { forward: prom.write } : { status: 401, body: 'invalid credentials' };
    });
    const tokenFile = path.join(work, 'token');
    writeFileSync(tokenFile, 's3cret\n');
    // Ten minutes each, so that every push lands inside the head block's appendable window of the one before.
    const common = ['push', 'api-down', '--url', receiver.url, '--header', 'X-Scope-OrgID: team-a', '--from', '0s', '--to', '10m'];
    const viaEnv = await runCliAsync([...common, '--instance', 'env'], { env: { LUNAR_SIM_REMOTE_WRITE_TOKEN: 's3cret' } });
    expect(viaEnv.code).toBe(0);
    const viaFile = await runCliAsync([...common, '--instance', 'file', '--bearer-token-file', tokenFile]);
    expect(viaFile.code, viaFile.stderr).toBe(0);
    const passwordFile = path.join(work, 'password');
    writeFileSync(passwordFile, 'pa55');
    expect((await runCliAsync([...common, '--instance', 'basic', '--basic-auth-username', '12345', '--basic-auth-password-file', passwordFile])).code).toBe(0);
    const wrong = await runCliAsync([...common, '--instance', 'wrong', '--bearer-token', 'nope']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`lunar-sim: ${receiver.url} refused the samples: HTTP 401 Unauthorized: invalid credentials; nothing was stored\n`);
    expect(seen.some((s) => s.startsWith('Bearer nope'))).toBe(true);
    const scenario = loadScenario('api-down');
    const at = scenario.start + 5 * 60_000; // inside --from 0s --to 10m
    const instances = (await instantQuery(prom.url, 'lunar_interpretation_active_generations', scenario.start)).map((s) => s.metric.instance).sort();
    expect(instances).toEqual(['basic', 'env', 'file']);
    expect((await instantQuery(prom.url, 'count(lunar_interpretation_active_generations)', at))[0].value[1]).toBe('3');
  });

  it('retries a receiver that answers 503 twice, then stores every sample', async () => {
    const prom = await receiverPrometheus();
    receiver = await startReceiver((_, i) => (i < 2 ? { status: 503, body: 'warming up' } : { forward: prom.write }));
    const r = await runCliAsync(['push', 'api-down', '--url', receiver.url, '--concurrency', '1']);
    expect(r.code).toBe(0);
    // Not a terminal: one line for the reason, not one per retry; the count is in the summary.
    expect(r.stderr.match(/retrying/g)).toHaveLength(1);
    expect(r.stderr).toContain('lunar-sim: retrying (up to 8 times a request): HTTP 503 Service Unavailable: warming up\n');
    expect(r.stdout).toMatch(/requests \(2 retries\)/);
    const expected = expectedRun('api-down', {}, labels);
    const stored = await readBack(prom.url, '{job="lunar-sim"}', expected.plan.fromMs, expected.plan.toMs);
    expect(sampleDifferences(expected.samples, stored)).toEqual([]);
  });

  it('--start-at moves the scenario: the samples land at that date, as a run started then produces them', async () => {
    const prom = await receiverPrometheus();
    const r = await runCliAsync(['push', 'baseline', '--url', prom.write, '--from', '-2h', '--to', '1h', '--start-at', '2026-03-02T10:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data      2026-03-02T10:00:00.000Z → 2026-03-02T13:00:00.000Z');
    const expected = expectedRun('baseline', { from: -2 * HOUR, to: HOUR, startAt: Date.parse('2026-03-02T10:00:00Z') }, labels);
    expect(expected.plan.scenario.start).toBe(Date.parse('2026-03-02T12:00:00Z'));
    const stored = await readBack(prom.url, '{job="lunar-sim"}', expected.plan.fromMs, expected.plan.toMs);
    expect(sampleDifferences(expected.samples, stored)).toEqual([]);
    expect(sampleCount(stored)).toBe(108 * (3 * 240 + 1));
    // Older history after that, without an out-of-order window: refused, with the likely cause.
    const older = await runCliAsync(['push', 'api-down', '--url', prom.write]);
    expect(older.code).toBe(2);
    expect(older.stderr).toMatch(/^lunar-sim: .* refused the samples: HTTP 400 Bad Request: out of bounds \(the receiver holds newer samples .*out-of-order window; see docs\/cli.md\); nothing was stored\n$/);
  });

  it('with an out-of-order window (storage.tsdb.out_of_order_time_window), older history goes in after newer', async () => {
    const scratch = new Scratch();
    scratches.push(scratch);
    const config = 'global: {}\nscrape_configs: []\nstorage:\n  tsdb:\n    out_of_order_time_window: 100d\n';
    const { url } = await startPrometheus(prometheus!, scratch.tempDir('rw-ooo'), scratch, config, ['--web.enable-remote-write-receiver']);
    expect((await runCliAsync(['push', 'api-down', '--url', `${url}/api/v1/write`, '--start-at', '2026-03-02T10:00:00Z'])).code).toBe(0);
    expect((await runCliAsync(['push', 'api-down', '--url', `${url}/api/v1/write`])).code).toBe(0);
    const expected = expectedRun('api-down', {}, labels);
    const stored = await readBack(url, '{job="lunar-sim"}', expected.plan.fromMs, expected.plan.toMs);
    expect(sampleDifferences(expected.samples, stored)).toEqual([]);
  });

  it('run --remote-write pushes live samples every interval and ends them with stale markers', async () => {
    const prom = await receiverPrometheus();
    const cli = startCli(['run', 'baseline', '--port', '0', '--remote-write', prom.write, '--remote-write-interval', '1s', '--instance', 'live']);
    try {
      await cli.waitFor(/remote write: http/);
      const started = Date.now();
      // Wait until Prometheus has several snapshots of the gauge.
      for (;;) {
        const r = await instantQuery(prom.url, 'count_over_time(lunar_interpretation_active_generations{instance="live"}[1m])', Date.now());
        if (r.length && Number(r[0].value[1]) >= 3) break;
        if (Date.now() - started > 30_000) throw new Error(`no live samples:\n${cli.output()}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/remote write: \d+ snapshots, [\d,]+ samples in \d+ requests \(0 retries, \d+ skipped, 0 dropped\)/);
    const now = Date.now();
    expect(await instantQuery(prom.url, 'lunar_interpretation_active_generations{instance="live"}', now)).toEqual([]);
    expect((await instantQuery(prom.url, 'absent(lunar_interpretation_active_generations{instance="live"})', now))[0].value[1]).toBe('1');
    expect(await instantQuery(prom.url, 'lunar_migration_info{instance="live"}', now - 2000)).toHaveLength(1);
  });

  it('run --remote-write stops with exit 2 when the receiver refuses the samples', async () => {
    receiver = await startReceiver(() => ({ status: 403, body: 'tenant disabled' }));
    const cli = startCli(['run', 'baseline', '--port', '0', '--remote-write', receiver.url]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain(`lunar-sim: ${receiver.url} refused the samples: HTTP 403 Forbidden: tenant disabled\n`);
  });
});

describe('push and run --remote-write: bad flags', () => {
  it('refuse each bad value with one line naming the flag, exit 2, before sending anything', async () => {
    const url = ['--url', 'http://127.0.0.1:9/api/v1/write'];
    const cases: [string[], RegExp][] = [
      [['push', 'baseline'], /^lunar-sim: Missing required argument: url$/],
      [['push', 'baseline', '--url', 'ftp://x/'], /^lunar-sim: --url ftp:\/\/x\/: expected http:\/\/ or https:\/\/$/],
      [['push', 'baseline', '--url', 'http://u:p@x/'], /^lunar-sim: --url: put credentials in --basic-auth-username/],
      [['push', 'baseline', ...url, '--batch-size', '1'], /^lunar-sim: --batch-size 1: expected a whole number from 2 to 100000$/],
      [['push', 'baseline', ...url, '--concurrency', '0'], /^lunar-sim: --concurrency 0: expected a whole number from 1 to 32$/],
      [['push', 'baseline', ...url, '--retries', '50'], /^lunar-sim: --retries 50: expected a whole number from 0 to 20$/],
      [['push', 'baseline', ...url, '--seed', '1.5'], /^lunar-sim: --seed 1\.5: must be an integer \(up to 2\^53\)$/],
      [['push', 'baseline', ...url, '--timeout', '0.5s'], /^lunar-sim: --timeout 0.5s: expected 1s to 10m$/],
      [['push', 'baseline', ...url, '--start-at', 'soon'], /^lunar-sim: --start-at soon: expected an ISO date-time/],
      [['push', 'baseline', ...url, '--start-at', 'now'], /^lunar-sim: the history would end at .*, in the future/],
      [['push', 'baseline', ...url, '--to', '400d'], /^lunar-sim: simulating .* would send about [\d,]+ samples \(limit 60,000,000\)/],
      [['push', 'baseline', ...url, '--from', '2h', '--to', '1h'], /^lunar-sim: --from 2h must come before --to 1h$/],
      [['push', 'baseline', ...url, '--job', ''], /^lunar-sim: --job: 1 to 256 characters on one line$/],
      [['push', 'baseline', ...url, '--bearer-token', 't', '--basic-auth-username', 'u', '--basic-auth-password', 'p'], /exclude each other/],
      [['run', 'baseline', '--remote-write', 'http://127.0.0.1:9/', '--remote-write-interval', '500ms'], /^lunar-sim: --remote-write-interval 500ms: expected 1s to 10m$/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCliAsync(args)));
    results.forEach((r, i) => {
      expect.soft(r.code, cases[i][0].join(' ')).toBe(2);
      expect.soft(r.stderr.trim(), cases[i][0].join(' ')).toMatch(cases[i][1]);
      expect.soft(r.stderr.trim().split('\n'), cases[i][0].join(' ')).toHaveLength(1);
    });
  });
});

