import { describe, expect, it } from 'vitest';
import { buildReport, formatReport } from '../../src/load/report.js';
import type { LoadPlan, LoadRun, StopReason } from '../../src/load/runner.js';
import { constantSchedule } from '../../src/load/schedule.js';
import { LoadTally } from '../../src/load/tally.js';

const URL = 'http://127.0.0.1:9464/v1/lunar/interpretations';
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9464'), { code: 'ECONNREFUSED' });

function plan(over: Partial<LoadPlan> = {}): LoadPlan {
  return { url: URL, schedule: constantSchedule(50, 2000), arrivals: 'constant', seed: 1, maxInFlight: 10, graceMs: 30_000, timeoutMs: 120_000, ...over };
}

function run(tally: LoadTally, over: Partial<LoadPlan> = {}, stopReason: StopReason = 'schedule'): LoadRun {
  return { plan: plan(over), tally, stopReason, elapsedMs: 2000 };
}

/**
 * 50/s for 2 s, each reached by the generator `lagMs` late, on the wire `waitMs` after that (behind another request
 * for its connection), and answered 200 after `serviceMs`.
 */
function cleanTally(lagMs = 0, serviceMs = 100, waitMs = 0): LoadTally {
  const t = new LoadTally();
  t.connectionsOpened = 5;
  for (let i = 0; i < 100; i++) {
    const due = i * 20;
    const wire = due + lagMs + waitMs;
    t.send(due, due + lagMs);
    t.written(due, wire);
    t.answer(due, wire, wire + serviceMs, 200, i % 4 === 0 ? 'claude' : 'db_temporal');
  }
  return t;
}

describe('load report', () => {
  it('reports a clean run without advice, with latency from the due time and service time from the send', () => {
    const r = buildReport(run(cleanTally(30, 100)));
    expect(r.arrivals).toEqual({ planned: 100, due: 100, sent: 100, dropped: { total: 0, generator_late: 0, slow_answers: 0, target_down: 0, errors: 0 }, late: 100 });
    expect(r.answered).toBe(100);
    expect(r.sources).toEqual({ claude: 25, db_temporal: 75 });
    // HDR with 3 significant figures: each value within 0.1 %.
    expect(r.latencyMs.p50).toBeCloseTo(130, 0);
    expect(r.serviceMs.p50).toBeCloseTo(100, 0);
    expect(r.sendLagMs.max).toBeCloseTo(30, 0);
    expect(r.sendRate).toEqual({ target: 50, achieved: expect.closeTo(49.25, 2) });
    // Only a generator late by more than 50 ms at p99 gets advice; 30 ms does not.
    expect(r.advice).toEqual([]);
    const text = formatReport(r);
    expect(text).toMatch(/^arrivals  100 planned, 100 sent, 0 dropped; 100 sent more than 10 ms late$/m);
    expect(text).toMatch(/^in flight peak 1 \(cap 10\); 5 connections opened$/m);
    expect(text).toMatch(/^status    200: 100$/m);
    expect(text).toMatch(/^sources   claude: 25 \(25\.0 %\)  db_temporal: 75 \(75\.0 %\)$/m);
    expect(text).not.toMatch(/^(failures|open|advice)/m);
  });

  it('says the generator was late when its own lag p99 passes 50 ms', () => {
    const r = buildReport(run(cleanTally(80)));
    expect(r.advice).toEqual([expect.stringMatching(/^the generator itself ran late \(its lag p99 80 ms\): this machine could not keep the schedule/)]);
  });

  it('says requests waited for a connection, not that the machine was slow, when only the wire lag passes 50 ms', () => {
    const r = buildReport(run(cleanTally(0, 100, 80)));
    expect(r.sendLagMs.p99).toBeCloseTo(80, 0);
    expect(r.generatorLagMs.p99).toBeLessThan(1); // 0, as the histogram records it (its lowest unit)
    expect(r.advice).toEqual([expect.stringMatching(/^requests waited for a connection \(send lag p99 80 ms, the generator on time\)/)]);
  });

  it('blames a drop on the generator when it reaches the arrival more than 50 ms after its due time', () => {
    const t = new LoadTally();
    t.send(0, 0);
    t.written(0, 0);
    t.drop(20, 60); // 40 ms late: the cap, while answers are slow
    t.drop(40, 120); // 80 ms late: the generator's own lateness
    const r = buildReport(run(t, { maxInFlight: 1 }));
    expect(r.arrivals.dropped).toEqual({ total: 2, generator_late: 1, slow_answers: 1, target_down: 0, errors: 0 });
    expect(formatReport(r)).toMatch(/2 dropped \(in-flight cap 1 reached: 1 while the generator ran late, 1 while answers were slow\)/);
    expect(r.advice).toContainEqual(expect.stringMatching(/^the generator itself ran late \(its lag p99 0 ms, 1 arrival dropped meanwhile\)/));
  });

  it('counts arrivals dropped at the cap while answers were slow and advises on the cap with Little\'s law', () => {
    const t = new LoadTally();
    for (let i = 0; i < 100; i++) {
      const due = i * 20;
      if (i < 10) {
        t.send(due, due);
        t.written(due, due);
      } else {
        t.drop(due, due);
      }
    }
    // The ten answers take 3 s each, after sending stopped.
    t.stop();
    for (let i = 0; i < 10; i++) t.answer(i * 20, i * 20, i * 20 + 3000, 200, 'claude');
    const r = buildReport(run(t));
    expect(r.arrivals.dropped).toEqual({ total: 90, generator_late: 0, slow_answers: 90, target_down: 0, errors: 0 });
    expect(r.openAtStop).toEqual({ total: 10, finishedInGrace: 10, aborted: 0, longestAbortedWaitMs: 0 });
    // 10 sends over the 1.98 s the 100 arrivals span.
    expect(r.sendRate.achieved).toBeCloseTo(9 / 1.98, 3);
    const text = formatReport(r);
    expect(text).toMatch(/^arrivals  100 planned, 10 sent, 90 dropped \(in-flight cap 10 reached: 90 while answers were slow\)$/m);
    expect(text).toMatch(/^open      10 still in flight when sending stopped: 10 finished within the grace period, 0 aborted$/m);
    // 50/s × 3 s p99 service = 150 requests would be in flight.
    expect(r.advice).toEqual(['90 arrivals found all 10 in-flight slots waiting on answers: raise --max-in-flight (peak rate × service p99 ≈ 151) if the target should take this load, or lower the rate']);
  });

  it('never advises on the cap when the target is down, and names the failures', () => {
    const t = new LoadTally();
    t.send(0, 0);
    t.written(0, 0);
    t.failure(refused);
    t.send(20, 20);
    t.written(20, 20);
    t.drop(40, 40); // the cap of 1 is held by a connection attempt
    t.failure(refused);
    const r = buildReport(run(t, { maxInFlight: 1 }));
    expect(r.arrivals.dropped).toMatchObject({ total: 1, target_down: 1 });
    expect(r.failures).toEqual({ total: 2, connection_refused: 2 });
    expect(r.advice).toEqual(['2 requests never reached the target: is it running and listening at http://127.0.0.1:9464?']);
    const text = formatReport(r);
    expect(text).toMatch(/^failures  2 connections refused$/m);
    expect(text).toMatch(/^latency   no answer/m);
    expect(text).not.toMatch(/max-in-flight|connections opened/);
  });

  it('counts requests aborted after the grace period and how long they had waited', () => {
    const t = new LoadTally();
    for (let i = 0; i < 20; i++) {
      t.send(i * 50, i * 50);
      t.written(i * 50, i * 50);
    }
    t.stop();
    t.answer(0, 0, 1200, 200, 'claude');
    for (let i = 1; i < 20; i++) t.abort(i * 50, 1550);
    const r = buildReport(run(t, { graceMs: 500 }));
    expect(r.openAtStop).toEqual({ total: 20, finishedInGrace: 1, aborted: 19, longestAbortedWaitMs: 1500 });
    expect(r.advice).toEqual(['19 requests still open after --grace 0.5s were aborted (the longest had waited 1.5 s): raise --grace to let them finish']);
    // Aborted at Ctrl-C: counted, but no advice about --grace.
    expect(buildReport(run(t, { graceMs: 500 }, 'interrupted')).advice).toEqual([]);
  });

  it('counts timeouts and other failures apart from answers', () => {
    const t = new LoadTally();
    t.send(0, 0);
    t.written(0, 0);
    t.failure(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }));
    t.send(20, 20);
    t.written(20, 20);
    t.answer(20, 20, 40, 503, null);
    const r = buildReport(run(t, { timeoutMs: 1000 }));
    expect(r.failures).toEqual({ total: 1, timeout: 1 });
    expect(r.statusCodes).toEqual({ 503: 1 });
    expect(r.advice).toEqual(['not one answer was a success (503: 1): is http://127.0.0.1:9464/v1/lunar/interpretations the interpretation endpoint?', '1 request outlasted --timeout 1s']);
  });

  it('describes a ramping schedule and a request limit', () => {
    const r = buildReport(run(cleanTally(), { requests: 5, schedule: constantSchedule(10, 86_400_000) }));
    expect(r.arrivals.planned).toBe(5);
    expect(formatReport(r)).toMatch(/^schedule  10\/s for 5 requests; constant arrivals$/m);
  });
});
