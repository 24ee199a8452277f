import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCliAsync } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-drill-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An hour in 15 s. */
const SPEED = 240;

describe.runIf(available)('drill: the scenario live through Prometheus and Alertmanager, judged from notifications', () => {
  it('fails an expectation the rules cannot meet, exit 1', async () => {
    const rules = path.join(dir, 'strict.yml');
    // LunarGenerationFallbackHigh at 90 % instead of 20 %: fallback-just-above (25 %) can no longer fire it.
    const shipped = readFileSync(RULES_FILE, 'utf8');
    // The shortest window's branch (at 800/min the hour's branch is off: 10 minutes hold far more than 80 calls).
    const threshold = '    lunar:claude_failure_ratio:evidence > 0.20\n';
    expect(shipped).toContain(threshold);
    writeFileSync(rules, shipped.replace(threshold, threshold.replace('0.20', '0.90')));
    const r = await runCliAsync(['drill', 'fallback-just-above', '--speed', String(SPEED), '--rules', rules]);
    expect(r.stdout).toMatch(/LunarGenerationFallbackHigh\s+fire [^\n]*\s+silent\s+–\s+FAIL: expected to fire, but it never fired/);
    expect(r.stdout).toMatch(/drill: FAILED — fallback-just-above: LunarGenerationFallbackHigh/);
    expect(r.code).toBe(1);
  });

  it('refuses rules it cannot compress, and a speed out of range, exit 2', async () => {
    const rules = path.join(dir, 'clock.yml');
    writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - alert: Stale\n        expr: time() - max(timestamp(lunar_migration_info)) > 300\n');
    const r = await runCliAsync(['drill', 'fallback-just-above', '--rules', rules]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'lunar-sim: cannot drill at --speed 60: Stale: time() reads the wall clock, which runs 60× slower than simulated time; ' +
        'Stale: timestamp() reads the wall clock, which runs 60× slower than simulated time (run it at --speed 1)\n',
    ]);
    const fast = await runCliAsync(['drill', 'fallback-just-above', '--speed', '601']);
    expect([fast.code, fast.stderr]).toEqual([2, 'lunar-sim: --speed 601: expected a number from 1 to 600\n']);
  });
});
