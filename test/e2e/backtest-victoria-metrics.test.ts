/**
 * `push` into a real VictoriaMetrics (its /api/v1/write takes Prometheus remote write) and `backtest` against its
 * query API, next to a real Prometheus holding the same samples (`--compare-url`). MetricsQL's `increase`/`rate` do
 * not extrapolate: on samples that sit on the evaluation grid (15 s scrapes, minute evaluations) both engines read
 * the same window edges and must fire alike; on samples 7 s off the grid PromQL extrapolates to the window's edges
 * and VictoriaMetrics does not, so a threshold may be crossed an evaluation earlier or later — the same incidents,
 * moved by a few minutes at most (a 10-minute window's extrapolation adds at most one 15-second scrape interval,
 * 2.5 %, to a count).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL, VICTORIA_METRICS } from '../../src/prometheus/binaries.js';
import { Scratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { startVictoriaMetrics, type VictoriaMetricsInstance } from '../../src/prometheus/victoria-metrics.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { runCliAsync } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);
const promtool = binaryForTest(PROMTOOL);
const victoriaMetrics = binaryForTest(VICTORIA_METRICS);
const SCENARIO = 'claude-outage';
const MINUTE = 60_000;

interface Moved {
  alert: string;
  before: { firedAt: string; resolvedAt: string | null };
  after: { firedAt: string; resolvedAt: string | null };
}
interface Compared {
  alerts: { alert: string; firings: unknown[] }[];
  compare: { url: string; alerts: { alert: string }[]; added: unknown[]; removed: unknown[]; moved: Moved[] };
}

const scratch = new Scratch();
afterAll(() => scratch.dispose());

/** A Prometheus and a VictoriaMetrics, each holding the scenario pushed with `lunar-sim push` (extra flags given). */
async function bothEngines(pushFlags: string[]): Promise<{ prom: string; vm: VictoriaMetricsInstance }> {
  const [{ url: prom }, vm] = await Promise.all([
    startPrometheus(prometheus!, scratch.tempDir('vm-test-tsdb'), scratch, undefined, ['--web.enable-remote-write-receiver']),
    startVictoriaMetrics(victoriaMetrics!, scratch),
  ]);
  for (const url of [prom, vm.url]) {
    const r = await runCliAsync(['push', SCENARIO, '--url', `${url}/api/v1/write`, ...pushFlags]);
    expect(r.code, r.stderr).toBe(0);
  }
  await vm.flush();
  return { prom, vm };
}

async function backtestBoth(prom: string, vm: string, from: number, to: number): Promise<Compared> {
  const window = ['--from', new Date(from).toISOString(), '--to', new Date(to).toISOString()];
  const r = await runCliAsync(['backtest', '--url', vm, '--compare-url', prom, ...window, '--json', '-']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Compared;
}

const shift = (a: string | null, b: string | null): number => (a === null || b === null ? (a === b ? 0 : Infinity) : Math.abs(Date.parse(a) - Date.parse(b)));

describe.runIf(prometheus !== null && promtool !== null && victoriaMetrics !== null)('backtest against VictoriaMetrics', () => {
  const s = loadScenario(SCENARIO);
  const from = s.start - s.warmup;
  const to = s.start + s.duration;

  it('fires as Prometheus does on samples aligned with the evaluations', async () => {
    const { prom, vm } = await bothEngines([]);
    const doc = await backtestBoth(prom, vm.url, from, to);
    // The outage fires several alerts on both: the comparison is not between two empty lists.
    expect(doc.alerts.length).toBeGreaterThanOrEqual(3);
    expect(doc.compare.url).toBe(prom);
    expect(doc.compare.added).toEqual([]);
    expect(doc.compare.removed).toEqual([]);
    for (const m of doc.compare.moved) {
      expect(shift(m.before.firedAt, m.after.firedAt), m.alert).toBeLessThanOrEqual(MINUTE);
      expect(shift(m.before.resolvedAt, m.after.resolvedAt), m.alert).toBeLessThanOrEqual(MINUTE);
    }
  }, 60_000);

  it('off the grid, extrapolation moves firings by minutes, never adds or removes an incident', async () => {
    // The first sample 7 s after the minute: every window's edges fall between two scrapes.
    const { prom, vm } = await bothEngines(['--start-at', new Date(from + 7_000).toISOString()]);
    const doc = await backtestBoth(prom, vm.url, from, to + 7_000);
    expect(doc.alerts.length).toBeGreaterThanOrEqual(3);
    expect(doc.compare.added).toEqual([]);
    expect(doc.compare.removed).toEqual([]);
    for (const m of doc.compare.moved) {
      expect(shift(m.before.firedAt, m.after.firedAt), m.alert).toBeLessThanOrEqual(5 * MINUTE);
      expect(shift(m.before.resolvedAt, m.after.resolvedAt), m.alert).toBeLessThanOrEqual(5 * MINUTE);
    }
  }, 60_000);
});
