import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/load/latency-histogram.js';
import { LoadTally } from '../../src/load/tally.js';

/** Tallies cross a thread boundary by structured cloning (load --workers): the same here. */
const overThread = (t: LoadTally): LoadTally => structuredClone(t);

describe('merging the tallies of load --workers', () => {
  it('merges HDR histograms exactly: the same percentiles as one histogram of every value', () => {
    const [a, b, all] = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    for (let i = 1; i <= 5000; i++) {
      const ms = (i * 7919) % 3001 / 10; // 0 to 300 ms, spread
      (i % 3 === 0 ? a : b).record(ms);
      all.record(ms);
    }
    const merged = new LatencyHistogram();
    merged.add(structuredClone(a));
    merged.add(structuredClone(b));
    expect(merged.summary()).toEqual(all.summary());
    expect(merged.count).toBe(5000);
  });

  it('adds the counts of two workers, keeps the earliest first and the latest last times', () => {
    const one = new LoadTally(100);
    const two = new LoadTally(100);
    one.send(0, 1);
    one.written(0, 1);
    one.answer(0, 1, 50, 200, 'claude');
    one.drop(10, 70);
    two.send(5, 5);
    two.written(5, 5);
    two.answer(5, 5, 300, 200, 'db_temporal'); // 295 ms: over the objective
    two.send(15, 16);
    two.written(15, 16);
    two.failure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    const merged = new LoadTally(100);
    merged.absorb(overThread(one));
    merged.absorb(overThread(two));
    expect(merged).toMatchObject({ due: 4, sent: 3, answered: 2, succeeded: 2, good: 1, inFlight: 0, firstDueMs: 0, lastDueMs: 15, firstSendMs: 1, lastSendMs: 16 });
    expect(merged.droppedTotal).toBe(1);
    expect(merged.failures.connection_refused).toBe(1);
    expect(merged.statusCodes).toEqual({ 200: 2 });
    expect(merged.sources).toEqual({ claude: 1, db_temporal: 1 });
    expect(merged.latency.count).toBe(2);
    expect(merged.sendLag.count).toBe(3);
  });
});
