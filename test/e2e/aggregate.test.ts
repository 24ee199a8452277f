import { describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;

/**
 * The library's verdicts do not depend on the simulation mode. The whole library is checked with
 * `lunar-sim verify --all --simulation aggregate` (docs/design.md); CI runs this slice: the boundary pairs (the
 * verdicts closest to their thresholds), a fleet, a hang, and the day-long baseline.
 */
const SLICE = ['baseline', 'latency-just-over', 'latency-just-under', 'fallback-just-above', 'fallback-just-below', 'generation-stuck', 'fleet-replica-stuck'];

describe.runIf(available)('verify in aggregate mode', () => {
  it('gives the per-generation verdicts on a slice of the library', () => {
    const r = runCli(['verify', ...SLICE, '--simulation', 'aggregate']);
    expect(r.stdout).toMatch(/verify: 7 of 7 scenarios judged, all expectations hold/);
    expect(r.code).toBe(0);
  });
});
