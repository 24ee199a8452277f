import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardExpressions } from '../../src/monitoring/lint-files.js';
import { DASHBOARD_FILE } from '../../src/monitoring/files.js';
import { PROMETHEUS } from '../../src/prometheus/binaries.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { startCli } from '../support/cli.js';
import { binaryForTest, instantQuery } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);

/** What Grafana would send with interval = 5m and model = All. */
function asGrafanaSends(expr: string): string {
  return expr.replace(/\$interval/g, '5m').replace(/\$model/g, '.*');
}

describe.runIf(prometheus !== null)('the dashboard against a live run scraped by a real Prometheus', () => {
  it('has data for every query of every panel (no "No data")', async () => {
    // Speed ×60 from the daily peak (the baseline's time 0): a few real seconds hold minutes of simulated traffic.
    const cli = startCli(['run', 'baseline', '--port', '0', '--speed', '60']);
    try {
      const [, target] = await cli.waitFor(/metrics:\s+http:\/\/(\S+)\/metrics/);
      await withScratch(async (scratch) => {
        const config = `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: lunar-sim\n    static_configs: [{ targets: ['${target}'] }]\n`;
        const prom = await startPrometheus(prometheus!, path.join(scratch.tempDir('live'), 'tsdb'), scratch, config);
        const queries = dashboardExpressions(DASHBOARD_FILE);
        expect(queries).toHaveLength(18);
        // Poll until every panel has data: rates need two scrapes, P99 needs Claude completions in the window.
        let empty: string[] = [];
        for (let attempt = 0; attempt < 40; attempt++) {
          await new Promise((r) => setTimeout(r, 1000));
          empty = [];
          for (const q of queries) if ((await instantQuery(prom.url, asGrafanaSends(q.expr))).length === 0) empty.push(q.where);
          if (empty.length === 0) break;
        }
        expect(empty).toEqual([]);
      });
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
  });
});
