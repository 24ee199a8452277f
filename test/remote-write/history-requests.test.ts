import { describe, expect, it } from 'vitest';
import { historyRequests, historySize, type HistoryWindow } from '../../src/remote-write/history-requests.js';
import { historyWindow } from '../../src/remote-write/push-history.js';
import { isStale } from '../../src/remote-write/write-request.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { parseScenario } from '../../src/scenario/parse.js';

const HOUR = 3_600_000;
const scenario = loadScenario('api-down'); // 30 m warm-up, 3 h; down from 1 h to 2 h
const run = runVirtual(scenario);
const labels = { job: 'lunar-sim', instance: 'test' };

function window(overrides: Partial<HistoryWindow> = {}): HistoryWindow {
  const w = historyWindow(scenario, run.log, scenario.start - scenario.warmup, scenario.start + scenario.duration, { labels, staleMarkers: true });
  return { ...w, ...overrides };
}

interface Sent {
  key: string;
  t: number;
  stale: boolean;
  value: number;
  request: number;
}

function flatten(w: HistoryWindow, max: number, concurrency: number): { sent: Sent[]; requests: ReturnType<typeof collect> } {
  const requests = collect(w, max, concurrency);
  const sent: Sent[] = [];
  requests.forEach((r, request) => {
    for (const s of r.series) {
      const key = JSON.stringify(s.labels.sorted);
      for (let i = 0; i < s.timestamps.length; i++) sent.push({ key, t: s.timestamps[i], stale: isStale(s.values, i), value: s.values[i], request });
    }
  });
  return { sent, requests };
}

function collect(w: HistoryWindow, max: number, concurrency: number) {
  return [...historyRequests(w, { maxSamplesPerRequest: max, concurrency })];
}

describe('history requests', () => {
  it('sends every sample of the window exactly once, with its value, and a stale marker where the API went down', () => {
    const w = window();
    const { sent } = flatten(w, 500, 3);
    const expected: string[] = [];
    for (const c of run.log.columns) {
      const key = JSON.stringify(Object.entries({ __name__: c.name, ...c.labels, ...labels }).sort(([a], [b]) => (a < b ? -1 : 1)));
      c.values.forEach((v, i) => {
        if (!Number.isNaN(v)) expected.push(`${key} ${run.log.times[i]} ${v}`);
      });
      // The last scrape before the down phase is at 1h − 15 s: the marker goes at 1h, once per series.
      if (!Number.isNaN(c.values[0])) expected.push(`${key} ${scenario.start + HOUR} stale`);
    }
    const got = sent.map((s) => `${s.key} ${s.t} ${s.stale ? 'stale' : s.value}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(historySize(w)).toEqual({ series: run.log.columns.length, samples: expected.length });
  });

  it('keeps each request under the limit, each series in time order, and the requests in time order across shards', () => {
    const { sent, requests } = flatten(window(), 300, 4);
    for (const r of requests) expect(r.samples).toBeLessThanOrEqual(300);
    for (const r of requests) expect(r.series.reduce((n, s) => n + s.timestamps.length, 0)).toBe(r.samples);
    for (let i = 1; i < requests.length; i++) expect(requests[i].firstMs).toBeGreaterThanOrEqual(requests[i - 1].firstMs);
    const last = new Map<string, { t: number; request: number }>();
    const shardOf = new Map<string, number>();
    for (const s of sent) {
      const prev = last.get(s.key);
      if (prev) expect(s.t).toBeGreaterThan(prev.t);
      last.set(s.key, s);
      const shard = requests[s.request].shard;
      expect(shardOf.get(s.key) ?? shard).toBe(shard); // a series never changes shard: its requests cannot race
      shardOf.set(s.key, shard);
    }
    expect(new Set(requests.map((r) => r.shard)).size).toBe(4);
  });

  it('cuts the window at --from/--to (inclusive) and can leave stale markers out', () => {
    const fromMs = scenario.start + 10 * 60_000;
    const toMs = scenario.start + 2.5 * HOUR;
    const { sent } = flatten(window({ fromMs, toMs, staleMarkers: false }), 1000, 1);
    expect(Math.min(...sent.map((s) => s.t))).toBe(fromMs);
    expect(Math.max(...sent.map((s) => s.t))).toBe(toMs);
    expect(sent.some((s) => s.stale)).toBe(false);
    expect(sent.some((s) => s.t >= scenario.start + HOUR && s.t < scenario.start + 2 * HOUR)).toBe(false);
  });

  it('puts a series with more samples than a request holds in shards of their own', () => {
    const requests = collect(window(), 2, 1);
    expect(requests.every((r) => r.samples <= 2)).toBe(true);
    expect(new Set(requests.map((r) => r.shard)).size).toBe(run.log.columns.length);
  });

  it('refuses an extra label that a metric already has', () => {
    expect(() => collect(window({ extraLabels: { source: 'x' } }), 100, 1)).toThrow(/label source is already a label/);
  });

  it("in a fleet, ends only the series of the replica that went down or was replaced, at its first failed scrape, and keeps each pod's instance", () => {
    const fleet = parseScenario(
      'name: f\nsummary: fleet\nseed: 2\nduration: 1h\ntraffic: { rate: 30/min }\nfleet: { replicas: 2 }\nphases:\n' +
        '  - { name: one-down, at: 10m, replicas: [1], down: true }\n  - { name: deploy, at: 30m, replicas: [0], rollout: { every: 1m } }\n',
      'f.yaml',
    );
    const fleetRun = runVirtual(fleet);
    const w = historyWindow(fleet, fleetRun.log, fleet.start, fleet.start + fleet.duration, { labels, staleMarkers: true });
    const { sent } = flatten(w, 1000, 2);
    const stale = sent.filter((x) => x.stale);
    const podOf = (key: string): string => (JSON.parse(key) as [string, string][]).find(([k]) => k === 'pod')![1];
    const at = (minutes: number): number => fleet.start + minutes * 60_000;
    // Replica 1's series at 10 min (its first failed scrape), the old pod of replica 0's at 30 min: nothing else.
    expect(new Set(stale.map((x) => `${podOf(x.key)} ${x.t}`))).toEqual(new Set([`lunar-api-v1-1 ${at(10)}`, `lunar-api-v1-0 ${at(30)}`]));
    const perPod = fleetRun.log.columns.filter((c) => c.labels.pod === 'lunar-api-v1-1').length;
    expect(stale.filter((x) => podOf(x.key) === 'lunar-api-v1-1')).toHaveLength(perPod);
    // The pods' own instance label, not the --instance of the push.
    expect(new Set(sent.map((x) => (JSON.parse(x.key) as [string, string][]).find(([k]) => k === 'instance')![1]))).toEqual(
      new Set(['lunar-api-v1-0:9464', 'lunar-api-v1-1:9464', 'lunar-api-v2-0:9464']),
    );
  });
});
