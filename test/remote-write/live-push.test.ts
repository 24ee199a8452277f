import { afterEach, describe, expect, it } from 'vitest';
import { RemoteWriteError } from '../../src/errors.js';
import { Recorder, recordedMetrics } from '../../src/metrics/recorder.js';
import { RemoteWriteClient } from '../../src/remote-write/client.js';
import { LivePush, type LiveSource } from '../../src/remote-write/live-push.js';
import { startReceiver, type Answer, type Receiver } from '../support/receiver.js';

/** The stale marker on the wire: Sample.value's tag, then 0x7ff0000000000002 little-endian. */
const STALE_ON_WIRE = Buffer.from([0x09, 0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]);

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

function countStale(raw: Buffer): number {
  let n = 0;
  for (let i = raw.indexOf(STALE_ON_WIRE); i >= 0; i = raw.indexOf(STALE_ON_WIRE, i + 1)) n++;
  return n;
}

function setup(answer: (i: number) => Answer, processingMs = 0) {
  const domain = { models: ['claude-opus-4-5'], errorTypes: ['api_error'] };
  const recorder = new Recorder(domain);
  const source: LiveSource & { down: boolean; ticks: number } = {
    down: false,
    ticks: 0,
    tick() {
      this.ticks++;
    },
    scrapeTargets() {
      return this.down ? [] : [{ labels: {}, store: recorder.store }];
    },
    families: recordedMetrics(domain),
  };
  let now = Date.parse('2026-11-29T12:00:00Z');
  const dropped: RemoteWriteError[] = [];
  return startReceiver((_, i) => answer(i), { processingMs: () => processingMs }).then((r) => {
    receiver = r;
    const client = new RemoteWriteClient(
      { url: r.url, headers: {}, timeoutMs: 5000, retries: 0, backoff: { minMs: 1, maxMs: 1 } },
      { random: () => 0.5, sleep: async () => {}, now: () => now },
    );
    const push = new LivePush(source, client, {
      intervalMs: 15_000,
      labels: { job: 'lunar-sim', instance: 'live' },
      maxSamplesPerRequest: 50,
      now: () => (now += 15_000),
      onDropped: (e) => dropped.push(e),
    });
    return { push, source, recorder, r, dropped };
  });
}

describe('live remote write (real HTTP server)', () => {
  it('sends a snapshot per interval, stamped with the wall clock, split by the batch size', async () => {
    const { push, source, r } = await setup(() => ({ status: 204 }));
    await push.pushOnce();
    await push.pushOnce();
    expect(source.ticks).toBe(2);
    const series = r.requests.flatMap((q) => q.series);
    const names = new Set(series.map((s) => s.labels.find((l) => l.name === '__name__')!.value));
    expect(names.has('lunar_interpretation_duration_seconds_bucket')).toBe(true);
    expect(names.has('lunar_migration_info')).toBe(true);
    for (const q of r.requests) expect(q.series.length).toBeLessThanOrEqual(50);
    const stamps = [...new Set(series.map((s) => s.samples[0].timestamp))];
    expect(stamps).toEqual([Date.parse('2026-11-29T12:00:15Z'), Date.parse('2026-11-29T12:00:30Z')]);
    expect(series.every((s) => s.labels.some((l) => l.name === 'instance' && l.value === 'live'))).toBe(true);
    expect(push.summary()).toMatchObject({ snapshots: 2, samples: series.length, skipped: 0, dropped: 0 });
  });

  it('marks every series stale once when the API goes down, and again when the run stops', async () => {
    const { push, source, r } = await setup(() => ({ status: 204 }));
    await push.pushOnce();
    const perSnapshot = r.requests.reduce((n, q) => n + q.series.length, 0);
    const before = r.requests.length;
    source.down = true;
    await push.pushOnce();
    await push.pushOnce(); // still down: nothing more to end
    const marked = r.requests.slice(before);
    expect(marked.reduce((n, q) => n + countStale(q.raw), 0)).toBe(perSnapshot);
    source.down = false;
    await push.pushOnce();
    const afterUp = r.requests.length;
    await push.stop();
    expect(r.requests.slice(afterUp).reduce((n, q) => n + countStale(q.raw), 0)).toBe(perSnapshot);
    expect(r.requests.slice(0, before).some((q) => countStale(q.raw) > 0)).toBe(false);
  });

  it('in a fleet, ends the series of a replica that stops being scraped, and only those, with its pod labels', async () => {
    const { push, source, recorder, r } = await setup(() => ({ status: 204 }));
    const other = new Recorder({ models: ['claude-opus-4-5'], errorTypes: ['api_error'] });
    let both = true;
    source.scrapeTargets = () => [
      { labels: { instance: 'lunar-api-v1-0:9464', pod: 'lunar-api-v1-0' }, store: recorder.store },
      ...(both ? [{ labels: { instance: 'lunar-api-v1-1:9464', pod: 'lunar-api-v1-1' }, store: other.store }] : []),
    ];
    await push.pushOnce();
    const perPod = r.requests.reduce((n, q) => n + q.series.length, 0) / 2;
    const instances = new Set(r.requests.flatMap((q) => q.series.map((x) => x.labels.find((l) => l.name === 'instance')!.value)));
    expect(instances).toEqual(new Set(['lunar-api-v1-0:9464', 'lunar-api-v1-1:9464'])); // the pods' own, not --instance
    const before = r.requests.length;
    both = false;
    await push.pushOnce();
    const later = r.requests.slice(before);
    expect(later.reduce((n, q) => n + countStale(q.raw), 0)).toBe(perPod);
    const stalePods = later.flatMap((q) => q.series.filter((x) => Number.isNaN(x.samples[0].value)).map((x) => x.labels.find((l) => l.name === 'pod')!.value));
    expect(new Set(stalePods)).toEqual(new Set(['lunar-api-v1-1']));
  });

  it('skips a snapshot while the previous one is still being sent', async () => {
    const { push } = await setup(() => ({ status: 204 }), 100);
    const first = push.pushOnce();
    await push.pushOnce();
    await first;
    expect(push.summary()).toMatchObject({ snapshots: 1, skipped: 1 });
  });

  it('drops a snapshot the receiver could not take, and goes on', async () => {
    const { push, dropped, r } = await setup((i) => (i === 0 ? { status: 503 } : { status: 204 }));
    await push.pushOnce();
    expect(r.requests).toHaveLength(1); // the rest of that snapshot is not sent either
    await push.pushOnce();
    expect(r.requests.length).toBeGreaterThan(2);
    expect(dropped).toHaveLength(1);
    expect(dropped[0].message).toMatch(/gave up after 0 retries: HTTP 503/);
    expect(push.summary().dropped).toBe(1);
  });

  it('stops for good when the receiver refuses the samples, and says why', async () => {
    const { push, r } = await setup(() => ({ status: 401, body: 'invalid token' }));
    await push.pushOnce();
    await expect(push.failed).rejects.toThrow(/refused the samples: HTTP 401 Unauthorized: invalid token/);
    const sent = r.requests.length;
    await push.pushOnce();
    await push.stop();
    expect(r.requests).toHaveLength(sent);
  });
});
