/**
 * `demo --loop`: the kiosk mode starts the loop the seed draws (the same incidents as loopScenario says, named in
 * its banner), and stops cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopScenario } from '../../src/demo/loop-scenario.js';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadScenario, scenarioNames } from '../../src/scenario/catalogue.js';
import { startCli, type RunningCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const SEED = 4;

describe.runIf(available)('demo --loop', () => {
  let demo: RunningCli;
  const expected = loopScenario(loadScenario('baseline'), scenarioNames().map((n) => loadScenario(n)), SEED);
  beforeAll(async () => {
    demo = startCli(['demo', '--loop', '--seed', String(SEED), '--port', '0', '--no-grafana', '--speed', '600', '--history', '1h']);
    await demo.waitFor(/dashboard:\s+(http:\/\/\S+)/, 120_000);
  }, 150_000);
  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exited;
  });

  it('plays the loop its seed draws, and says which incidents come', async () => {
    expect(demo.output()).toContain(`demo "loop-${SEED}"`);
    expect(demo.output()).toContain(expected.incidents.slice(0, 3).map((i) => i.name).join(', '));
  });

  it('stops cleanly on SIGTERM', async () => {
    demo.child.kill('SIGTERM');
    const code = await demo.exited;
    expect(code).toBe(0);
    expect(demo.output()).toMatch(/demo stopped/);
  });
});
