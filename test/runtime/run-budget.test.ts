/**
 * The budget of a run is estimated before it starts: the estimates must match what a run then does, or the limits
 * they are held to mean nothing.
 */
import { describe, expect, it } from 'vitest';
import { exposedSeries } from '../../src/metrics/cardinality.js';
import { writeOpenMetrics } from '../../src/metrics/openmetrics-writer.js';
import { estimateVirtualRun, virtualRunProblems } from '../../src/runtime/run-budget.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { parseScenario } from '../../src/scenario/parse.js';

describe('exposedSeries', () => {
  it.each([
    ['one model, the default error types', ''],
    ['three models and extra error types, by user', `base:
  claude:
    models: { claude-opus-4-5-20251101: 1, claude-haiku-4-5-20251001: 1, claude-sonnet-4-5-20250929: 0 }
    errors: { api_error: 0.01, quota_exceeded: 0.01 }
user_id_label: { users: 7 }
`],
  ])('counts what the recorder exposes: %s', (_what, extra) => {
    const s = parseScenario(`name: c\nsummary: c\nseed: 1\nduration: 10m\nstep: 5m\ntraffic: { rate: 1/min }\n${extra}`, 'c.yaml');
    const run = runVirtual(s);
    const models = Object.keys(s.base.claude.models).length;
    const errorTypes = Object.keys(s.base.claude.errors).length;
    expect(exposedSeries({ models, errorTypes, users: s.userIdLabel?.users })).toBe(run.log.columns.length);
  });
});

describe('estimateVirtualRun', () => {
  it('gives the exact sample count of a run, and an upper bound of its generations close to what it makes', () => {
    const s = loadScenario('baseline');
    const estimate = estimateVirtualRun(s);
    const run = runVirtual(s);
    expect(estimate.samples).toBe(writeOpenMetrics(run.log, () => {}));
    // The estimate is the expected number of thinning candidates, an upper bound of the expected arrivals. The run's
    // count is Poisson around its own mean: 4 standard deviations above the estimate would be a wrong estimate.
    expect(run.generations).toBeLessThan(estimate.generations + 4 * Math.sqrt(estimate.generations));
    // Per-minute maxima of a smooth day/night curve overstate its integral by well under 5 %.
    expect(estimate.generations).toBeLessThan(1.05 * run.generations);
  });

  it('refuses a virtual run past its sample budget, naming the step', () => {
    const s = parseScenario('name: l\nsummary: l\nseed: 1\nwarmup: 7d\nduration: 30d\nstep: 1s\ntraffic: { rate: 1/min }\n', 'l.yaml');
    expect(virtualRunProblems(s)).toEqual([
      expect.objectContaining({ path: ['step'], message: expect.stringMatching(/^3,196,801 steps × 108 series = 345,254,508 samples; verify takes at most 32,000,000/) }),
    ]);
  });

  it('refuses a virtual run past its generation budget, naming the rate', () => {
    const s = parseScenario('name: l\nsummary: l\nseed: 1\nduration: 30d\nstep: 1h\nsimulation: per-generation\ntraffic: { rate: 100/s }\n', 'l.yaml');
    expect(virtualRunProblems(s)).toEqual([
      expect.objectContaining({ path: ['traffic', 'rate'], message: expect.stringMatching(/^about 259,200,000 generations .* at most 25,000,000 one by one/) }),
    ]);
  });

  it('has no generation budget in aggregate, where the cost per step does not depend on the traffic', () => {
    // 6,000/min: auto simulates it in aggregate.
    const s = parseScenario('name: l\nsummary: l\nseed: 1\nduration: 30d\nstep: 1h\ntraffic: { rate: 100/s }\n', 'l.yaml');
    expect(virtualRunProblems(s)).toEqual([]);
  });

  it('counts every pod of a fleet in the samples: replicas and the new pods of a rolling deploy', () => {
    const one = parseScenario('name: l\nsummary: l\nseed: 1\nduration: 30d\nstep: 1m\ntraffic: { rate: 1/s }\n', 'l.yaml');
    const fleet = parseScenario(
      'name: l\nsummary: l\nseed: 1\nduration: 30d\nstep: 1m\ntraffic: { rate: 1/s }\nfleet: { replicas: 5 }\nphases:\n  - { name: deploy, at: 1d, rollout: { every: 1m } }\n',
      'l.yaml',
    );
    expect(estimateVirtualRun(fleet).samples).toBe(10 * estimateVirtualRun(one).samples);
    expect(virtualRunProblems(one)).toEqual([]);
    expect(virtualRunProblems(fleet)).toEqual([expect.objectContaining({ path: ['step'] })]);
  });
});
