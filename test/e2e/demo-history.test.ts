/**
 * The demo's history covers the dashboard's longest window (24 h) by default, whatever the scenario's warm-up
 * (claude-outage has 6 h) and the speed; and the terminal says when the scenario is over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { startCli, type RunningCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const SPEED = 600;

describe.runIf(available)('demo history and end', () => {
  let demo: RunningCli;
  let prometheus: string;
  beforeAll(async () => {
    // Two simulated minutes before the end: at ×600 the scenario is over 0.2 s after the live start.
    demo = startCli(['demo', 'claude-outage', '--port', '0', '--no-grafana', '--speed', String(SPEED), '--from', '3h58m']);
    prometheus = (await demo.waitFor(/prometheus:\s+(http:\/\/\S+)/, 120_000))[1];
  }, 150_000);
  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exited;
  });

  it('says in the terminal when the scenario has ended', async () => {
    await demo.waitFor(/lunar-sim: scenario claude-outage ended at 4h: its last phase goes on; restart the demo to replay it/, 60_000);
  });
  it('backfills a day of history, not the 6 h warm-up: the oldest sample is 24 h (simulated) back', async () => {
    expect(demo.output()).toMatch(/history: +1d simulated and backfilled/);
    // Asked once the live run has begun (the test before waits for the scenario's end): the history then lies wholly
    // before now.
    // A range selector in an instant query returns the raw samples: their first timestamp is where history starts.
    const now = Date.now() / 1000;
    const raw = new URLSearchParams({ query: `lunar_interpretation_generated_total{source="claude"}[${Math.ceil((2 * 86_400) / SPEED)}s]`, time: String(now) });
    const r = (await (await fetch(`${prometheus}/api/v1/query`, { method: 'POST', body: raw })).json()) as { data: { result: { values: [number, string][] }[] } };
    const oldest = Math.min(...r.data.result.flatMap((s) => s.values.map(([t]) => t)));
    // 24 h of simulated time is 144 s on the ×600 axis; one scrape step (15 s / 600) of slack.
    expect(now - oldest).toBeGreaterThanOrEqual(86_400 / SPEED - 15 / SPEED);
  });

});
