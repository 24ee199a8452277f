/**
 * Long (test/long): README's push exactly as written — a month of baseline, ending now — into the Prometheus
 * monitoring/README.md starts, after it has taken live data. `npm test` runs it with a 6-hour span.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS } from '../../src/prometheus/binaries.js';
import { Scratch } from '../../src/prometheus/scratch.js';
import { runCliAsync } from '../support/cli.js';
import { docExamples } from '../support/doc-examples.js';
import { startDocumentedPrometheus } from '../support/documented-prometheus.js';
import { binaryForTest } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);
const scratch = new Scratch();
afterAll(() => scratch.dispose());

describe.runIf(prometheus !== null)("README's month of history", () => {
  it('goes into the documented Prometheus whole: every step of the month for the gauge of each series', async () => {
    const url = await startDocumentedPrometheus(prometheus!, scratch);
    const live = await runCliAsync(['push', 'api-down', '--start-at', 'now-10m', '--to', '0s', '--from', '-10m', '--url', `${url}/api/v1/write`, '--instance', 'live']);
    expect(live.code, live.stderr).toBe(0);
    const push = docExamples().find((e) => e.file === 'README.md' && e.args[0] === 'push')!;
    const r = await runCliAsync(push.args.map((a) => (a === 'http://127.0.0.1:9090/api/v1/write' ? `${url}/api/v1/write` : a)), { timeoutMs: 1_200_000 });
    expect(r.code, r.stderr).toBe(0);
    // 30 days at 15 s, from the first sample on: one gauge series, every step.
    const q = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: 'count_over_time(lunar_interpretation_active_generations{instance="lunar-sim"}[30d])', time: String(Date.now() / 1000) })}`);
    const result = ((await q.json()) as { data: { result: { value: [number, string] }[] } }).data.result;
    expect(Number(result[0].value[1])).toBeGreaterThanOrEqual(30 * 5760 - 5760);
  }, 1_500_000);
});
