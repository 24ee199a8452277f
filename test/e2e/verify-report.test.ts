/**
 * The slice of the noise and detection report CI checks (the whole of it, 20 seeds and 90 healthy days per level,
 * is `npm run verify:report`): an incident at the baseline and one at the guide's traffic detected within their
 * deadlines in every seed with one notification each, and healthy days at the four traffic levels with no page and
 * no warning — but the budget breach the guide's and production's traffic make, which the scenarios allow.
 */
import { describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMTOOL, PROMETHEUS, ALERTMANAGER].every((b) => binaryForTest(b) !== null);

describe.runIf(available)('lunar-sim verify --report (real Prometheus and Alertmanager)', () => {
  it('detects, resets, and stays quiet on healthy days at every level', () => {
    const r = runCli(['verify', '--report', '--seeds', '1..2', '--healthy-days', '1',
      'claude-outage', 'claude-partial-outage-guide', 'healthy-trickle', 'baseline', 'healthy-guide', 'healthy-production'], { timeout: 900_000 });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| class') && !l.startsWith('| level'));
    const detection = rows.filter((l) => / \| (page|warn) \| /.test(l)).map((l) => l.split('|').map((c) => c.trim()));
    expect(detection.map((c) => [c[1], c[2], c[3], c[4], c[8], c[9]])).toEqual([
      ['claude', 'page', 'baseline', '`claude-outage`', '1', '2/2'],
      ['claude', 'warn', 'guide', '`claude-partial-outage-guide`', '1', '2/2'],
    ]);
    const healthy = rows.filter((l) => !/ \| (page|warn) \| /.test(l)).map((l) => l.split('|').map((c) => c.trim()));
    expect(healthy.map((c) => [c[1], c[2], c[4], c[5]])).toEqual([
      ['trickle', '`healthy-trickle`', '0', '0'],
      ['baseline', '`baseline`', '0', '0'],
      ['guide', '`healthy-guide`', '0', '0'],
      ['production', '`healthy-production`', '0', '0'],
    ]);
  });
});
