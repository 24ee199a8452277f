import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { DEFAULT_RULES_FILE } from '../../src/verify/rules.js';
import { runCli, startCli } from '../support/cli.js';
import { binaryForTest, instantQuery } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);
const promtool = binaryForTest(PROMTOOL);
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-fleet-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CORRECT_SPEND = 'expr: sum(increase(lunar_interpretation_cost_usd_total[24h]))';
/** The same 24 h spend with the sum taken before increase(): every vanished pod reads as a counter reset. */
const SUM_THEN_INCREASE = 'expr: increase(sum(lunar_interpretation_cost_usd_total)[24h:1m])';
/** A budget the rolling restart stays under (its 24 h spend peaks at ~$35) and the double count does not (~$89). */
const BUDGET = ['expr: vector(100)', 'expr: vector(50)'] as const;

describe.runIf(prometheus !== null && promtool !== null)('a fleet of replicas', () => {
  it('catches a rule that sums before increase(): lint names it, and the rolling restart fails it', () => {
    const text = readFileSync(DEFAULT_RULES_FILE, 'utf8').replace(...BUDGET);
    expect(text).toContain(CORRECT_SPEND);
    const correct = path.join(work, 'low-budget.yml');
    writeFileSync(correct, text);
    const rules = path.join(work, 'sum-then-increase.yml');
    writeFileSync(rules, text.replace(CORRECT_SPEND, SUM_THEN_INCREASE));
    const lint = runCli(['lint', '--rules', rules]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/record lunar:spend_usd:increase24h: increase\(\) of an aggregation/);
    // --no-dashboard: the dashboard's cost steps follow the shipped budget, not this test's.
    expect(runCli(['verify', 'fleet-rolling-restart', '--rules', correct, '--no-dashboard']).code).toBe(0);
    const verify = runCli(['verify', 'fleet-rolling-restart', '--rules', rules, '--no-dashboard']);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/fleet-rolling-restart\s+LunarGenerationCostHigh\s+silent\s+fired ×1[^\n]*\s\dh\d+m\s+[\d.]+\s+FAIL: expected to stay silent/);
  });

  it('runs live as one target per replica, which a real Prometheus finds through http_sd and scrapes', async () => {
    // Speed ×60 from just before one replica's calls start hanging: the fleet passes 10 in flight within seconds.
    const sim = startCli(['run', 'fleet-replica-stuck', '--port', '0', '--speed', '60', '--from', '58m']);
    try {
      const [, sd] = await sim.waitFor(/http_sd_configs: \[\{ url: '(http:\/\/\S+)' \}\]/);
      await withScratch(async (scratch) => {
        const config = [
          'global: { scrape_interval: 1s }',
          `scrape_configs: [{ job_name: lunar-api, http_sd_configs: [{ url: '${sd}', refresh_interval: 1s }] }]`,
        ].join('\n');
        const prom = await startPrometheus(prometheus!, path.join(scratch.tempDir('fleet-live'), 'tsdb'), scratch, config);
        let stuckPod: string | undefined;
        let pods = 0;
        for (let i = 0; i < 60 && !stuckPod; i++) {
          await new Promise((r) => setTimeout(r, 1000));
          pods = (await instantQuery(prom.url, 'count(count by (pod, instance) (lunar_interpretation_generated_total))'))
            .map((s) => Number(s.value[1]))[0] ?? 0;
          const fleetInFlight = await instantQuery(prom.url, 'sum(lunar_interpretation_active_generations) > 10');
          if (fleetInFlight.length > 0) stuckPod = (await instantQuery(prom.url, 'topk(1, lunar_interpretation_active_generations)'))[0]?.metric.pod;
        }
        expect(pods).toBe(5);
        expect((await instantQuery(prom.url, 'sum(up{job="lunar-api"})'))[0].value[1]).toBe('5');
        expect(stuckPod).toBe('lunar-api-v1-2');
      });
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect(await sim.exited).toBe(0);
  });
});
