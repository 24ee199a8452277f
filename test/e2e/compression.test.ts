import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prometheusFlags } from '../../src/demo/compressed-config.js';
import { writeOpenMetricsFile } from '../../src/metrics/openmetrics-writer.js';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { backfill } from '../../src/prometheus/promtool.js';
import { queryRange } from '../../src/prometheus/query-client.js';
import { withScratch, type Scratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { compressExpression } from '../../src/promql/compress.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { loadAlertRules } from '../../src/verify/rules.js';
import { DASHBOARD_FILE, RULES_FILE } from '../../src/monitoring/files.js';
import { dashboardExpressions } from '../../src/monitoring/lint-files.js';
import { binaryForTest } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);
const promtool = binaryForTest(PROMTOOL);

const SPEED = 60;

describe.runIf(prometheus !== null && promtool !== null)('time compression, checked by Prometheus itself', () => {
  it('gives every alert and panel query the same values on the compressed axis as on the simulated one', async () => {
    // An outage: fallback, API-error and template-spike expressions move; the rest hold their baseline values.
    const scenario = loadScenario('claude-outage');
    const run = runVirtual(scenario);
    const realStart = Date.UTC(2030, 0, 1);
    const compressed = (t: number): number => realStart + (t - scenario.start) / SPEED;

    const serve = async (scratch: Scratch, name: string, at: (t: number) => number, flags: string[]): Promise<string> => {
      const dir = scratch.tempDir(name);
      const file = path.join(dir, 'samples.om');
      const samples = writeOpenMetricsFile(run.log, file, { timestamp: at });
      await backfill(promtool!, file, path.join(dir, 'tsdb'), samples, scratch);
      return (await startPrometheus(prometheus!, path.join(dir, 'tsdb'), scratch, undefined, flags)).url;
    };

    await withScratch(async (scratch) => {
      const [simulated, fast] = await Promise.all([
        serve(scratch, 'simulated', (t) => t, []),
        serve(scratch, 'compressed', compressed, prometheusFlags(SPEED)),
      ]);
      // From the end of the 6 h warm-up (every window full) to the end, every simulated minute.
      const from = scenario.start;
      const to = scenario.start + scenario.duration;
      let compared = 0;
      // The dashboard's queries are values (rates ×60, quantiles, ratios, 24 h and 1 h increases); the alerts' are
      // those values filtered by their thresholds: both must come out the same.
      const grafana = (q: string): string => q.replaceAll('$interval', '5m').replaceAll('$model', '.*');
      const queries = [
        ...dashboardExpressions(DASHBOARD_FILE).map((q) => ({ name: q.where, expr: grafana(q.expr) })),
        ...loadAlertRules(RULES_FILE).map((r) => ({ name: r.name, expr: r.expr })),
      ];
      for (const q of queries) {
        const [a, b] = await Promise.all([
          queryRange(simulated, q.expr, from, to, 60_000),
          queryRange(fast, compressExpression(q.expr, SPEED).expr, compressed(from), compressed(to), 60_000 / SPEED),
        ]);
        expect(b.map((s) => s.labels), q.name).toEqual(a.map((s) => s.labels));
        for (const [i, s] of a.entries()) {
          expect(b[i].points.size, q.name).toBe(s.points.size);
          for (const [t, v] of s.points) {
            const w = b[i].points.get(compressed(t));
            // Same samples in each window, positions scaled by 1/60: equal up to floating-point rounding.
            const close = Number.isNaN(v) ? Number.isNaN(w) : Math.abs((w ?? NaN) - v) <= 1e-9 * Math.max(1, Math.abs(v));
            expect(close, `${q.name} at ${(t - from) / 60_000} min: ${v} vs ${w}`).toBe(true);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
    });
  });
});
