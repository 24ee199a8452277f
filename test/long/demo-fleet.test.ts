import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { startCli } from '../support/cli.js';
import { leftovers } from '../support/leftovers.js';
import { binaryForTest, instantQuery } from '../support/prometheus.js';

const available = [PROMETHEUS, PROMTOOL, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-demo-fleet-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `instance` and `pod` of every in-flight gauge series Prometheus holds at `atMs`. */
async function podsAt(prometheus: string, atMs: number): Promise<string[]> {
  const r = await instantQuery(prometheus, 'group by (instance, pod) (lunar_interpretation_active_generations)', atMs);
  return r.map((s) => `${s.metric.instance} ${s.metric.pod}`).sort();
}

describe.runIf(available)('lunar-sim demo of a fleet', () => {
  it('scrapes every replica, its history carries the live instances, and no alert says the metrics are gone', async () => {
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    // ×60 with an hour of history: the history lies on the minute of real time before the live part.
    const demo = startCli(['demo', 'fleet-replica-stuck', '--port', '0', '--speed', '60', '--history', '1h', '--no-grafana'], { env: { TMPDIR: tmp } });
    try {
      const [, prometheus] = await demo.waitFor(/prometheus:\s+(http:\/\/\S+)/, 120_000);
      const liveAt = Date.now();
      // Every replica's /metrics is a target, and each answers.
      let up: string[] = [];
      for (let attempt = 0; attempt < 20 && up.length < 5; attempt++) {
        await new Promise((r) => setTimeout(r, 500));
        up = (await instantQuery(prometheus, 'up == 1')).map((s) => s.metric.instance).sort();
      }
      expect(up).toHaveLength(5);
      // The history (30 real s = 30 simulated min before the live start) and the live scrapes are the same series.
      const history = await podsAt(prometheus, liveAt - 30_000);
      expect(history.map((p) => p.split(' ')[0])).toEqual(up);
      await new Promise((r) => setTimeout(r, 15_000)); // 15 simulated minutes of live scrapes
      expect(await podsAt(prometheus, Date.now())).toEqual(history);
      // Without the replicas' metrics, NoActivity fired ~11 simulated minutes in ("or the metrics are gone").
      expect(demo.output()).not.toMatch(/FIRING\s+LunarGenerationNoActivity/);
    } finally {
      demo.child.kill('SIGINT');
    }
    expect(await demo.exited).toBe(0);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  }, 240_000);
});
