import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli, startCli } from '../support/cli.js';
import { leftovers } from '../support/leftovers.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-demo-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('lunar-sim demo: bad flags', () => {
  it.each([
    [['--speed', '0'], 'lunar-sim: --speed 0: expected a number from 1 to 600'],
    [['--history', '8d'], 'lunar-sim: --history 8d: at most 7d'],
    [['--seed', '1.5'], 'lunar-sim: --seed 1.5: must be an integer (up to 2^53)'],
    [['--from', '5h'], 'lunar-sim: --from 5h: the scenario lasts 4h'],
    [['--from', 'soon'], 'lunar-sim: --from soon: expected a duration such as 90s, 30m or 2h'],
    [['--dashboard', '/nonexistent.json'], 'lunar-sim: cannot read /nonexistent.json: no such file (ENOENT)'],
  ])('%j: one line, exit 2', (flags, message) => {
    const r = runCli(['demo', 'claude-outage', '--port', '0', ...flags]);
    expect([r.code, r.stderr]).toEqual([2, `${message}\n`]);
  });

  it('takes its token as run does: one source of --token, --token-file and LUNAR_SIM_TOKEN', () => {
    const r = runCli(['demo', 'claude-outage', '--port', '0', '--token', 'a'], { env: { LUNAR_SIM_TOKEN: 'b' } });
    expect([r.code, r.stderr]).toEqual([2, 'lunar-sim: give the token one way, not --token and LUNAR_SIM_TOKEN\n']);
  });
});

describe.runIf(available)('lunar-sim demo: Ctrl-C while it starts', () => {
  it('stops what has started and removes its temp dirs, exit 130', async () => {
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    const demo = startCli(['demo', 'baseline', '--port', '0', '--no-grafana'], { env: { TMPDIR: tmp } });
    // Alertmanager is up and the 24 h history is being backfilled: a child, temp dirs and a server to clean.
    await demo.waitFor(/backfill…/, 60_000);
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(130);
    expect(demo.output()).toMatch(/SIGINT: stopping child processes and removing temp files/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });
});
