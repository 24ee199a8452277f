/**
 * A live run that cannot keep up: bounded work per tick and an honest lag, driven by a fake clock (no wall time is
 * read or asserted: the budgets are counts of events and steps).
 */
import { describe, expect, it } from 'vitest';
import { statusLine } from '../../src/cli/status-line.js';
import { LiveRun } from '../../src/runtime/live-run.js';
import { parseScenario } from '../../src/scenario/parse.js';

const busy = parseScenario(
  `name: busy
summary: more traffic than a small budget simulates per tick
seed: 4
duration: 24h
traffic: { rate: 600/min }
`,
  'busy.yaml',
);

function fakeClock(): { elapsed: () => number; advance: (ms: number) => void } {
  let now = 0;
  return { elapsed: () => now, advance: (ms) => (now += ms) };
}

describe('a live run that falls behind', () => {
  it('does at most its budget per tick, reports the true simulated time and the lag, then catches up', () => {
    const clock = fakeClock();
    const run = new LiveRun(busy, { speed: 1, selfDriven: true, elapsed: clock.elapsed, simulation: 'per-generation', budget: { events: 4_000, steps: 20, realMs: Infinity } });
    clock.advance(60 * 60_000); // an hour: ~36,000 arrivals and as many completions
    const before = run.status(); // one tick
    expect(before.totals.generations).toBeLessThanOrEqual(4_000);
    expect(before.keepingUp).toBe(false);
    expect(before.simulation).toBe('per-generation');
    expect(Date.parse(before.simulatedTime)).toBeLessThan(Date.parse(before.clockTime));
    expect(before.lagSeconds).toBeCloseTo((Date.parse(before.clockTime) - Date.parse(before.simulatedTime)) / 1000, 2); // ISO times hold whole ms
    expect(before.lagSeconds).toBeGreaterThan(3000);
    expect(statusLine(before, run.windowFigures())).toMatch(/BEHIND by \d+m/);
    // Each further tick does one more budget's worth; nothing else moves the simulation.
    let ticks = 0;
    let previous = before.totals.generations;
    while (!run.tick()) {
      const now = run.status().totals.generations;
      expect(now - previous).toBeLessThanOrEqual(2 * 4_000); // the tick, and status()'s own tick
      previous = now;
      ticks++;
    }
    expect(ticks).toBeGreaterThan(3);
    const after = run.status();
    expect(after).toMatchObject({ keepingUp: true, lagSeconds: 0, simulatedTime: after.clockTime });
    expect(statusLine(after, run.windowFigures())).not.toMatch(/BEHIND/);
  });

  it('runs 60,000/min at speed ×1000 in aggregate, in steps, with the same honesty', () => {
    const heavy = { ...busy, traffic: { rate: 1000 } };
    const clock = fakeClock();
    const run = new LiveRun(heavy, { speed: 1000, selfDriven: true, elapsed: clock.elapsed, budget: { events: 4_000, steps: 20, realMs: Infinity } });
    clock.advance(1000); // a real second: 1,000 simulated seconds, 100 aggregate steps of 10 s
    const s = run.status();
    expect(s.simulation).toBe('aggregate');
    expect(s.scenarioSeconds).toBe(200); // 20 steps of 10 s: one tick's budget
    expect(s.keepingUp).toBe(false);
    expect(s.totals.generations).toBeGreaterThan(150_000); // ~1,000/s over 200 s, counted in aggregate
    run.tick();
    run.tick();
    run.tick();
    expect(run.status()).toMatchObject({ scenarioSeconds: 1000, keepingUp: true, lagSeconds: 0 });
  });

  it('chooses aggregate live when rate × speed is beyond what one core simulates per generation', () => {
    const clock = fakeClock();
    const slow = new LiveRun(busy, { speed: 1, selfDriven: true, elapsed: clock.elapsed });
    const fast = new LiveRun(busy, { speed: 3000, selfDriven: true, elapsed: clock.elapsed });
    expect([slow.status().simulation, fast.status().simulation]).toEqual(['per-generation', 'aggregate']);
  });
});
