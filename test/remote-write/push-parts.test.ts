/**
 * `push` simulates and sends a history a part at a time (push-history.ts), so that its memory does not grow with the
 * span. What it sends must not depend on that: the same samples, stale markers included, as the whole run's history
 * sent at once — across parts that cut through a down phase and through replicas being replaced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { historyRequests } from '../../src/remote-write/history-requests.js';
import { historyWindow, pushHistory } from '../../src/remote-write/push-history.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import type { SeriesSamples } from '../../src/remote-write/write-request.js';
import { seriesKey } from '../support/remote-write-decoder.js';
import { clientFor, startReceiver, type Receiver } from '../support/receiver.js';

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});


/** One line per sample: series, time, and the value's bits (a stale marker is one NaN among others). */
function sampleLine(labels: readonly { name: string; value: string }[] | Readonly<Record<string, string>>, timestamp: number, value: number): string {
  const bits = Buffer.alloc(8);
  bits.writeDoubleBE(value);
  return `${seriesKey(labels)} ${timestamp} ${bits.toString('hex')}`;
}

const LABELS = { job: 'lunar', instance: 'sim:9464' };

describe('push, a part at a time', () => {
  // Shortened around their incidents: the API down from 1 h to 2 h; five pods replaced from 1 h, one every 3 min.
  const cases = [
    { name: 'api-down', warmup: 30 * 60_000, duration: 150 * 60_000 },
    { name: 'fleet-rolling-restart', warmup: 20 * 60_000, duration: 90 * 60_000 },
  ];
  it('sends no part once its signal has stopped it', async () => {
    receiver = await startReceiver(() => ({ status: 204 }));
    const scenario = { ...loadScenario('baseline'), warmup: 0, duration: 3_600_000 };
    const stopped = new AbortController();
    stopped.abort(new Error('stopped'));
    const push = pushHistory(scenario, clientFor(receiver.url), {
      labels: LABELS, maxSamplesPerRequest: 5000, concurrency: 2, staleMarkers: true, nowMs: scenario.start + 7_200_000, partMs: 17 * 60_000, signal: stopped.signal,
    });
    await expect(push).rejects.toThrow('stopped');
    expect(receiver.requests).toHaveLength(0);
  });

  for (const { name, warmup, duration } of cases) {
    it(`sends what the whole run sends at once (${name}, parts of 17 min)`, async () => {
      const scenario = { ...loadScenario(name), warmup, duration };
      const whole = runVirtual(scenario);
      const from = scenario.start - scenario.warmup;
      const to = scenario.start + scenario.duration;
      const window = historyWindow(scenario, whole.log, from, to, { labels: LABELS, staleMarkers: true });
      const expected: string[] = [];
      for (const r of historyRequests(window, { maxSamplesPerRequest: 5000, concurrency: 2 })) {
        for (const s of r.series as SeriesSamples[]) for (let i = 0; i < s.timestamps.length; i++) expected.push(sampleLine(labelsOf(s), s.timestamps[i], s.values[i]));
      }

      receiver = await startReceiver(() => ({ status: 204 }));
      const summary = await pushHistory(scenario, clientFor(receiver.url), {
        labels: LABELS, maxSamplesPerRequest: 5000, concurrency: 2, staleMarkers: true, nowMs: to + 3_600_000, partMs: 17 * 60_000,
      });
      const sent: string[] = [];
      const newest = new Map<string, number>();
      const outOfOrder: string[] = [];
      for (const request of receiver.requests) {
        for (const s of request.series) {
          const key = seriesKey(s.labels);
          for (const { timestamp, value } of s.samples) {
            // In time order per series, as a receiver without an out-of-order window needs.
            if (timestamp <= (newest.get(key) ?? -Infinity)) outOfOrder.push(`${key} ${timestamp}`);
            newest.set(key, timestamp);
            sent.push(sampleLine(s.labels, timestamp, value));
          }
        }
      }
      expect(outOfOrder).toEqual([]);
      expect(sent.length).toBe(expected.length);
      expect(sent.sort()).toEqual(expected.sort());
      expect(summary.samples).toBe(expected.length);
      expect(summary.series).toBe(new Set(expected.map((l) => l.slice(0, l.indexOf(' ')))).size);
      // The parts did cut the run: more than one part's worth of requests.
      expect(summary.requests).toBeGreaterThan((scenario.warmup + scenario.duration) / (17 * 60_000));
    });
  }
});

function labelsOf(s: SeriesSamples): { name: string; value: string }[] {
  return s.labels.sorted.map(([name, value]) => ({ name, value }));
}
