import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { METRIC_LIST, familyName, podName, slotOfPod } from '../../src/metrics/catalogue.js';
import { Exposition } from '../../src/metrics/exposition.js';
import { writeOpenMetrics } from '../../src/metrics/openmetrics-writer.js';
import { PROMTOOL } from '../../src/prometheus/binaries.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { binaryForTest } from '../support/prometheus.js';

const scenario = parseScenario(
  `name: short
summary: two hours with a Claude outage and a second model
seed: 99
duration: 2h
step: 30s
traffic: { rate: 30/min }
base:
  claude:
    models: { claude-opus-4-5-20251101: 3, claude-sonnet-4-5-20250929: 1 }
phases:
  - name: outage
    at: 1h
    profile: { claude: { errors: { api_error: 1 } } }
`,
  'short.yaml',
);

async function exposition(seed?: number): Promise<string> {
  const run = runVirtual(scenario, { seed });
  return (await new Exposition(run.recorder.store).render('prometheus')).body;
}

describe('the live exposition', () => {
  it('has every metric of the contract, with series initialised before their first event', async () => {
    const text = await exposition();
    for (const def of METRIC_LIST) expect(text).toContain(`# TYPE ${def.name} ${def.type}`);
    // A Sonnet fallback to hardcoded never happened, yet the series exists (at 0) for every source and type.
    expect(text).toMatch(/^lunar_interpretation_fallback_total\{type="rate_limit",source="hardcoded"\} \d+$/m);
    expect(text).toMatch(/^lunar_interpretation_duration_seconds_bucket\{source="claude",le="15"\} \d+$/m);
    expect(text).toMatch(/^lunar_interpretation_duration_seconds_bucket\{source="claude",le="\+Inf"\} \d+$/m);
    expect(text).toContain('lunar_migration_info{version="2.0.0"');
  });

  it('counts consistently: generated = sum of bucket +Inf counts = cache hits + claude + fallbacks', async () => {
    const text = await exposition();
    const sum = (re: RegExp): number => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
    const generated = sum(/^lunar_interpretation_generated_total\{.*\} (\d+)$/gm);
    const counted = sum(/^lunar_interpretation_duration_seconds_count\{.*\} (\d+)$/gm);
    const cache = sum(/^lunar_interpretation_cache_hit_total (\d+)$/gm);
    const claude = sum(/^lunar_interpretation_generated_total\{source="claude".*\} (\d+)$/gm);
    const fallbacks = sum(/^lunar_interpretation_fallback_total\{.*\} (\d+)$/gm);
    expect(generated).toBeGreaterThan(3000);
    expect(counted).toBe(generated);
    expect(cache + claude + fallbacks).toBe(generated);
  });

  it('shows the store as it is at each scrape: values that moved, and series that appeared since the last one', async () => {
    // The views keep their value objects between scrapes (exposition.ts): a second scrape must read the store again.
    const run = runVirtual(scenario);
    const live = new Exposition(run.recorder.store);
    const first = (await live.render('prometheus')).body;
    const family = run.recorder.store.families.find((f) => f.def.name === 'lunar_interpretation_duration_seconds')!;
    const series = family.series[0] as { counts: Float64Array; sum: number; count: number };
    series.counts[0] += 5;
    series.sum += 0.1;
    series.count += 5;
    const generated = run.recorder.store.families.find((f) => f.def.labelNames.length > 0 && f.def.type === 'counter')!;
    const labelValues = generated.def.labelNames.map((n) => `new-${n}`);
    (generated.get(labelValues) as { value: number }).value = 7;
    // A fresh exposition of the same store is what the second scrape must show.
    const second = (await live.render('prometheus')).body;
    expect(second).not.toBe(first);
    expect(second).toBe((await new Exposition(run.recorder.store).render('prometheus')).body);
    expect(second).toContain(`${generated.def.name}{${generated.def.labelNames.map((n) => `${n}="new-${n}"`).join(',')}} 7`);
  });

  it('is identical byte for byte for the same seed, and differs for another', async () => {
    expect(await exposition()).toBe(await exposition());
    expect(await exposition(100)).not.toBe(await exposition());
  });

  it('serves OpenMetrics with counter families named without _total, and never renames the text format', async () => {
    const run = runVirtual(scenario);
    const e = new Exposition(run.recorder.store);
    const om = await e.render('openmetrics');
    expect(om.contentType).toMatch(/application\/openmetrics-text/);
    expect(om.body).toContain('# TYPE lunar_interpretation_generated counter');
    expect(om.body).toMatch(/^lunar_interpretation_generated_total\{/m);
    expect(om.body.endsWith('# EOF\n')).toBe(true);
    // prom-client renames counters in place for OpenMetrics; the text format must not be affected.
    const text = await e.render('prometheus');
    expect(text.body).toContain('# TYPE lunar_interpretation_generated_total counter');
  });

  it('passes promtool check metrics', async (ctx) => {
    const promtool = binaryForTest(PROMTOOL);
    if (!promtool) return ctx.skip();
    const r = spawnSync(promtool, ['check', 'metrics'], { input: await exposition(), encoding: 'utf8' });
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the timestamped OpenMetrics writer', () => {
  it('writes one sample per series per step, timestamps in seconds, and ends with # EOF', () => {
    const run = runVirtual(scenario);
    let text = '';
    const samples = writeOpenMetrics(run.log, (c) => (text += c));
    const steps = 2 * 120 + 1;
    expect(samples).toBe(run.log.columns.length * steps);
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).not.toMatch(/\n\n/);
    const first = /^lunar_interpretation_cache_hit_total (\S+) (\S+)$/m.exec(text)!;
    expect(Number(first[2])).toBe((scenario.start) / 1000);
    for (const def of METRIC_LIST) expect(text).toContain(`# TYPE ${familyName(def)} ${def.type}\n`);
  });

  it('lays the samples on another time axis and adds the labels a scrape would attach, when asked', () => {
    const run = runVirtual(scenario);
    let text = '';
    // A compressed axis: simulated time 0 at 1,000 s, ×60.
    const at = (t: number): number => 1_000_000 + (t - scenario.start) / 60;
    writeOpenMetrics(run.log, (c) => (text += c), { timestamp: at, labels: { job: 'lunar-sim', instance: '127.0.0.1:1' } });
    const cache = [...text.matchAll(/^lunar_interpretation_cache_hit_total\{job="lunar-sim",instance="127\.0\.0\.1:1"\} \S+ (\S+)$/gm)].map((m) => m[1]);
    expect(cache.slice(0, 3)).toEqual(['1000', '1000.500', '1001']); // step 30s ÷ 60
    expect(text).toMatch(/^lunar_interpretation_duration_seconds_bucket\{source="claude",le="15",job="lunar-sim",instance="127\.0\.0\.1:1"\} /m);
  });

  it('writes the labels relabel gives each series, after the added ones', () => {
    const run = runVirtual(scenario);
    let text = '';
    writeOpenMetrics(run.log, (c) => (text += c), { labels: { job: 'j' }, relabel: (l) => ({ ...l, source: l.source ? l.source.toUpperCase() : 'none', job: `${l.job}2` }) });
    expect(text).toMatch(/^lunar_interpretation_duration_seconds_bucket\{source="CLAUDE",le="15",job="j2"\} /m);
    expect(text).toMatch(/^lunar_interpretation_cache_hit_total\{job="j2",source="none"\} /m);
    expect(text).not.toMatch(/source="claude"/);
  });
});

describe('virtual runs', () => {
  const withDown = parseScenario(
    `name: gap
summary: down for 10 minutes
seed: 4
duration: 40m
step: 1m
traffic: { rate: 60/min }
phases:
  - { name: down, at: 10m, down: true }
  - { name: back, at: 20m }
`,
    'gap.yaml',
  );

  function openMetrics(s = withDown): string {
    let text = '';
    writeOpenMetrics(runVirtual(s).log, (c) => (text += c));
    return text;
  }

  it('write the same backfill text, byte for byte, for the same seed', () => {
    expect(openMetrics()).toBe(openMetrics());
  });

  it('leave no samples while the API is down, and restart counters at 0 when it is back', () => {
    const cache = [...openMetrics().matchAll(/^lunar_interpretation_cache_hit_total (\S+) (\S+)$/gm)].map((m) => [Number(m[2]), Number(m[1])]);
    const t0 = withDown.start / 1000;
    const times = cache.map(([t]) => (t - t0) / 60);
    expect(times).toEqual([...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 21 }, (_, i) => 20 + i)]);
    const before = cache[9][1];
    const after = cache[10][1];
    expect(before).toBeGreaterThan(200);
    expect(after).toBe(0);
  });
});

describe('pod names', () => {
  it('give back their replica slot, and only theirs', () => {
    for (const [slot, revision] of [[0, 0], [4, 2], [12, 31]]) expect(slotOfPod(podName(slot, revision))).toBe(slot);
    for (const other of ['lunar-api-v1', 'lunar-api-vx-1', '127.0.0.1:9464', 'lunar-api-v1-2:9464', '']) expect(slotOfPod(other)).toBeNull();
  });
});
