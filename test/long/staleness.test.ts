/**
 * Staleness: what a real Prometheus does when the API goes down, and that verify gives its rules the same data.
 * A failed scrape makes Prometheus write a stale marker for every series of the target, at the first failed scrape:
 * `absent()` is true from that scrape on, not five minutes later (the lookback) as it would be on data that just
 * stops. Verify backfills the same markers (remote write, StaleNaN bit for bit).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { testRules } from '../../src/prometheus/promtool.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { runCli, startCli } from '../support/cli.js';
import { binaryForTest, instantQuery } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);
const promtool = binaryForTest(PROMTOOL);
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-staleness-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(prometheus !== null)('a live API that goes down, scraped by a real Prometheus', () => {
  it('vanishes at the first failed scrape: absent() is true within a scrape or two, not after the 5 min lookback', async () => {
    const file = path.join(work, 'down-soon.yaml');
    writeFileSync(file, 'name: down-soon\nsummary: up for 8 s, then down\nseed: 3\nduration: 1h\ntraffic: { rate: 600/min }\nphases:\n  - { name: down, at: 8s, down: true }\n');
    const sim = startCli(['run', file, '--port', '0']);
    try {
      const [, target] = await sim.waitFor(/metrics:\s+http:\/\/(\S+)\/metrics/);
      await withScratch(async (scratch) => {
        const config = `global: { scrape_interval: 1s }\nscrape_configs: [{ job_name: lunar-api, static_configs: [{ targets: ['${target}'] }] }]\n`;
        const prom = await startPrometheus(prometheus!, path.join(scratch.tempDir('stale'), 'tsdb'), scratch, config);
        let seen = false;
        for (let i = 0; i < 40 && !seen; i++) {
          await new Promise((r) => setTimeout(r, 250));
          seen = (await instantQuery(prom.url, 'lunar_interpretation_generated_total')).length > 0;
        }
        expect(seen).toBe(true);
        // Down at 8 s of scenario time (real seconds at speed 1): the next scrape fails.
        let absentAfter = -1;
        const t0 = Date.now();
        for (let i = 0; i < 40 && absentAfter < 0; i++) {
          await new Promise((r) => setTimeout(r, 250));
          if ((await instantQuery(prom.url, 'absent(lunar_interpretation_generated_total)')).length > 0) absentAfter = Date.now() - t0;
        }
        expect(absentAfter).toBeGreaterThanOrEqual(0);
        expect((await instantQuery(prom.url, 'up{job="lunar-api"}'))[0].value[1]).toBe('0');
      });
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect(await sim.exited).toBe(0);
  });
});

describe.runIf(prometheus !== null && promtool !== null)('api-down in verify', () => {
  it("fires NoActivity at the evaluation a live Prometheus would: the first failed scrape + `for`, as promtool's rule manager says too", async () => {
    const json = path.join(work, 'api-down.json');
    const r = runCli(['verify', 'api-down', '--json', json]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { scenarios: { verdicts: { alert: string; firstFiring: number | null }[] }[] };
    const noActivity = result.scenarios[0].verdicts.find((v) => v.alert === 'LunarGenerationNoActivity')!;
    // Down at 1h: the scrape at 1h fails, every series is stale at 1h, absent() holds from the 1h evaluation, and
    // `for: 5m` fires it at 1h05m (without stale markers the series would linger 5 minutes: 1h10m).
    expect(noActivity.firstFiring).toBe(65 * 60_000);
    // The same data with promtool's `stale` notation, judged by Prometheus' own rule manager.
    const out = path.join(work, 'export');
    expect(runCli(['export', 'promtool', 'api-down', '--out', out, '--every', '1m']).code).toBe(0);
    const test = readFileSync(path.join(out, 'api-down.test.yml'), 'utf8');
    const inputs = test.split('input_series:')[1].split('alert_rule_test:')[0];
    const series = inputs.match(/- series: /g)!.length;
    expect(inputs.match(/ stale /g)?.length).toBe(series); // one marker per series, at the first failed scrape
    expect((await testRules(promtool!, ['api-down.test.yml'], out)).ok).toBe(true);
  });
});
