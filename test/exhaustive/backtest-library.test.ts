/**
 * Exhaustive (test/exhaustive: `npm run test:exhaustive`, before a release): backtest = verify for the whole library.
 * Each shipped scenario goes into a Prometheus of its own with `lunar-sim push`, the shipped rules are backtested over
 * the pushed window (recording rules inlined), and the firings must be those verify finds for the same scenario and
 * seed (recording rules stored): same alerts and labels, fired and resolved within one evaluation interval.
 * Measured: 88 scenarios in 7 min 50 s on 2 cores, two at a time; CI runs three (test/e2e/backtest.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { inPool } from '../../src/core/pool.js';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { loadScenario, scenarioNames } from '../../src/scenario/catalogue.js';
import { prepareVerify, verifyScenarios } from '../../src/verify/verify-run.js';
import { runCliAsync } from '../support/cli.js';
import { firingDifferences, flatten, verifiedFirings, type JsonAlert } from '../support/firings.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMETHEUS) !== null && binaryForTest(PROMTOOL) !== null;
/** The rules' evaluation interval: the two oracles sample the same data at other phases. */
const INTERVAL_MS = 60_000;

describe.runIf(available)('backtest = verify for every shipped scenario (real Prometheus)', () => {
  it('finds, in each pushed scenario, the firings verify finds, within one evaluation interval', async () => {
    const names = scenarioNames();
    const prepared = await prepareVerify(RULES_FILE);
    const scenarios = names.map((n) => ({ ...loadScenario(n), expect: null }));
    const verified = new Map((await verifyScenarios(scenarios, prepared)).map((v) => [v.scenario.name, verifiedFirings(v.episodes)]));
    // A Prometheus per scenario, stopped and removed with its scratch as soon as it is compared.
    const disagreements = await inPool(scenarios, 2, (s) => withScratch(async (scratch) => {
      const { url } = await startPrometheus(binaryForTest(PROMETHEUS)!, scratch.tempDir('backtest-library'), scratch, undefined, ['--web.enable-remote-write-receiver']);
      const push = await runCliAsync(['push', s.name, '--url', `${url}/api/v1/write`]);
      if (push.code !== 0) return [`${s.name}: push failed: ${push.stderr}`];
      const from = new Date(s.start - s.warmup).toISOString();
      const to = new Date(s.start + s.duration).toISOString();
      const r = await runCliAsync(['backtest', '--url', url, '--from', from, '--to', to, '--json', '-']);
      if (r.code !== 0) return [`${s.name}: backtest failed: ${r.stderr}`];
      const alerts = (JSON.parse(r.stdout) as { alerts: JsonAlert[] }).alerts;
      return firingDifferences(flatten(alerts), verified.get(s.name)!, INTERVAL_MS).map((d) => `${s.name}: ${d}`);
    }));
    expect(disagreements.flat()).toEqual([]);
    // Not two empty lists: most of the library fires something.
    expect([...verified.values()].filter((f) => f.length > 0).length).toBeGreaterThan(names.length / 2);
  }, 7_200_000);
});
