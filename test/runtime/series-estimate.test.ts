import { describe, expect, it } from 'vitest';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { describeSeries, seriesEstimate } from '../../src/runtime/series-estimate.js';
import { parseScenario } from '../../src/scenario/parse.js';

const scenario = (extra: string) =>
  parseScenario(`name: e\nsummary: estimate\nseed: 1\nwarmup: 30m\nduration: 1h\ntraffic: { rate: 30/min }\n${extra}`, 'e.yaml');

describe('the series estimate', () => {
  it('is what a virtual run writes: series per process × steps, before anything runs', () => {
    const s = scenario('');
    const e = seriesEstimate(s);
    const run = runVirtual(s);
    expect(e.perPod).toBe(run.log.columns.length);
    expect(e.steps).toBe(run.log.times.length);
    expect(e.samples).toBe(run.log.columns.reduce((n, c) => n + c.values.filter((v) => !Number.isNaN(v)).length, 0));
  });

  it('says how much the user label and the pods of a fleet multiply it', () => {
    const users = seriesEstimate(scenario('user_id_label: { users: 100 }\n'));
    const plain = seriesEstimate(scenario(''));
    // Four generation series (claude and db_temporal for the one model, db_template, hardcoded) become 4 × 100.
    expect(users.userSeries).toBe(4 * 99);
    expect(users.perPod - plain.perPod).toBe(users.userSeries);
    expect(describeSeries(users, 15_000)).toMatch(/^[\d,]+ series per process \([\d,]+ of them for user_id\); a virtual run of 361 steps of 15s/);
    const fleet = seriesEstimate(scenario('fleet: { replicas: 3 }\nphases:\n  - { name: deploy, at: 10m, rollout: { every: 5m } }\n'));
    expect(fleet.pods).toBe(6);
    expect(fleet.samples).toBe(fleet.perPod * 6 * fleet.steps);
  });
});
