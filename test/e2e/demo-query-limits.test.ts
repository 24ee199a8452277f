/**
 * The demo's Prometheus is reached by anyone who reaches the page (issue 20, finding 2): one unauthenticated
 * `count_over_time((vector(1))[30d:1ms])` grew it from 61 MB to 866 MB. Prometheus itself now refuses a query that
 * would load too many samples, and the proxy passes only the endpoints the page reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { startCli, type RunningCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);

/** Prometheus' resident memory, MB, as it reports it on its own /metrics. */
async function rssMb(prometheus: string): Promise<number> {
  const text = await (await fetch(`${prometheus}/metrics`)).text();
  return Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1]) / 1e6;
}

describe.runIf(available)("the demo's Prometheus, through the page's proxy", () => {
  let demo: RunningCli;
  let page: string;
  let prometheus: string;
  beforeAll(async () => {
    demo = startCli(['demo', 'claude-outage', '--port', '0', '--no-grafana', '--history', '1h']);
    page = (await demo.waitFor(/dashboard:\s+(http:\/\/\S+)\//, 90_000))[1];
    prometheus = (await demo.waitFor(/prometheus:\s+(http:\/\/\S+)/, 5_000))[1];
  }, 120_000);
  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exited;
  });

  it('refuses a query that would load more samples than its bound, itself, without growing', async () => {
    const r = await fetch(`${page}/api/v1/prometheus/query?${new URLSearchParams({ query: 'count_over_time((vector(1))[30d:1ms])' })}`);
    const body = (await r.json()) as { status: string; error?: string };
    // Prometheus refuses it itself: too many samples (422), or — on a machine too busy to reach that bound within
    // --query.timeout — its own timeout (503). Either way its answer, not the proxy giving up (504).
    expect([r.status, body]).toEqual([expect.toSatisfy((s: number) => s === 422 || s === 503), expect.objectContaining({ status: 'error', error: expect.stringMatching(/too many samples|timed out|timeout/) })]);
    // 866 MB without the bound (the measurement); a few hundred with it, whatever the machine.
    expect(await rssMb(prometheus)).toBeLessThan(400);
  });

  it("passes the page's queries", async () => {
    const r = await fetch(`${page}/api/v1/prometheus/query?${new URLSearchParams({ query: 'sum(lunar_interpretation_generated_total)' })}`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { status: string }).status).toBe('success');
  });

  it.each(['/api/v1/prometheus/series?match[]=up', '/api/v1/prometheus/label/__name__/values', '/api/v1/prometheus/admin/tsdb/snapshot', '/api/v1/prometheus/status/config'])(
    'passes nothing else: %s is 404',
    async (path) => {
      expect((await fetch(`${page}${path}`, { method: path.includes('admin') ? 'POST' : 'GET' })).status).toBe(404);
    },
  );
});
