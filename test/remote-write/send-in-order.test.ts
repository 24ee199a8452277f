import { afterEach, describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/core/random.js';
import { historyRequests } from '../../src/remote-write/history-requests.js';
import { historyWindow } from '../../src/remote-write/push-history.js';
import { sendInOrder } from '../../src/remote-write/send-in-order.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { seriesKey } from '../support/remote-write-decoder.js';
import { clientFor, startReceiver, type Receiver } from '../support/receiver.js';

const HOUR = 3_600_000;
const scenario = { ...loadScenario('api-down'), warmup: 0, duration: HOUR };
const run = runVirtual(scenario);
const window = historyWindow(scenario, run.log, scenario.start, scenario.start + scenario.duration, { labels: { job: 'j' }, staleMarkers: true });

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});


describe('sending a history in order (real HTTP server)', () => {
  it('never lets two requests of one series race, and uses the concurrency it is given', async () => {
    // Requests are taken after a seeded random 0–20 ms, so one sent later is often taken first.
    const delays = new RandomSource(3).stream('delays');
    receiver = await startReceiver(() => ({ status: 204 }), { processingMs: () => Math.floor(delays.next() * 20) });
    const requests = [...historyRequests(window, { maxSamplesPerRequest: 400, concurrency: 3 })];
    const result = await sendInOrder(requests, clientFor(receiver.url), { concurrency: 3 });
    expect(result.requests).toBe(requests.length);
    expect(result.samples).toBe(requests.reduce((n, r) => n + r.samples, 0));
    expect(receiver.maxConcurrent).toBe(3);
    const last = new Map<string, number>();
    let samples = 0;
    for (const r of receiver.requests) {
      for (const s of r.series) {
        const key = seriesKey(s.labels);
        for (const { timestamp } of s.samples) {
          expect(timestamp).toBeGreaterThan(last.get(key) ?? -Infinity);
          last.set(key, timestamp);
          samples++;
        }
      }
    }
    expect(samples).toBe(result.samples);
  });

  it("never takes a sample an hour older than the newest one taken, even across the down phase's gap", async () => {
    // What Prometheus without an out-of-order window checks on append ("out of bounds"). The scenario's API is down
    // for an hour: the requests after the gap must wait for every request before it.
    const gapped = { ...loadScenario('api-down'), warmup: 0 };
    const gappedRun = runVirtual(gapped);
    const w = historyWindow(gapped, gappedRun.log, gapped.start, gapped.start + gapped.duration, { labels: { job: 'j' }, staleMarkers: false });
    const delays = new RandomSource(11).stream('delays');
    let newest = -Infinity;
    const late: string[] = [];
    receiver = await startReceiver(
      (r) => {
        for (const s of r.series) {
          for (const { timestamp } of s.samples) {
            if (timestamp < newest - HOUR) late.push(`${new Date(timestamp).toISOString()} after ${new Date(newest).toISOString()}`);
            newest = Math.max(newest, timestamp);
          }
        }
        return { status: 204 };
      },
      { processingMs: () => Math.floor(delays.next() * 30) },
    );
    const requests = [...historyRequests(w, { maxSamplesPerRequest: 400, concurrency: 4 })];
    await sendInOrder(requests, clientFor(receiver.url), { concurrency: 4 });
    expect(late).toEqual([]);
    // Every request arrived, and the samples crossed the gap: the API is back from 2h.
    expect(receiver.requests).toHaveLength(requests.length);
    expect(newest).toBeGreaterThanOrEqual(gapped.start + 2 * HOUR);
  });

  it('stops at the first refusal: nothing new is sent and the error comes out', async () => {
    receiver = await startReceiver((_, i) => (i === 4 ? { status: 400, body: 'bad' } : { status: 204, delayMs: 5 }));
    const requests = [...historyRequests(window, { maxSamplesPerRequest: 400, concurrency: 2 })];
    await expect(sendInOrder(requests, clientFor(receiver.url), { concurrency: 2 })).rejects.toThrow(/HTTP 400 Bad Request: bad/);
    expect(receiver.requests.length).toBeLessThanOrEqual(6);
    expect(requests.length).toBeGreaterThan(20);
  });

  it('keeps to --max-rate: each request leaves when the samples before it would have taken their time', async () => {
    receiver = await startReceiver(() => ({ status: 204 }));
    const requests = [...historyRequests(window, { maxSamplesPerRequest: 400, concurrency: 2 })];
    let now = 1_000_000;
    const sleeps: number[] = [];
    const pace = { samplesPerSecond: 5000, now: () => now, sleep: async (ms: number) => void sleeps.push((now += ms)) };
    const result = await sendInOrder(requests, clientFor(receiver.url), { concurrency: 2, pace });
    const beforeLast = result.samples - requests[requests.length - 1].samples;
    // The fake clock only moves when the sender waits: it ends where the rate puts the last request.
    expect(now - 1_000_000).toBeCloseTo((beforeLast / 5000) * 1000, 6);
    expect(sleeps.length).toBe(requests.length - 1);
  });
});
