import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/catalogue.js';
import type { SampleColumn } from '../../src/metrics/sample-log.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { parseScenario } from '../../src/scenario/parse.js';

const M = 60_000;
const scenario = parseScenario(
  `name: fleet
summary: a fleet of three
seed: 9
duration: 2h
traffic: { rate: 60/min }
fleet: { replicas: 3 }
phases:
  - { name: deploy, at: 20m, rollout: { every: 10m } }
  - { name: one-down, at: 1h, replicas: [1], down: true }
  - { name: restart-two, at: 1h30m, replicas: [2], restart: true }
`,
  'fleet.yaml',
);
const run = runVirtual(scenario);
const log = run.log;
const t0 = scenario.start;
const row = (minutes: number): number => log.times.indexOf(t0 + minutes * M);

function claude(pod: string): SampleColumn {
  return log.columns.find((c) => c.name === METRICS.generated.name && c.labels.pod === pod && c.labels.source === 'claude')!;
}

describe('a virtual run of a fleet', () => {
  it('labels every series with the instance and pod that exposed it', () => {
    expect(log.columns.every((c) => /^lunar-api-v\d-\d$/.test(c.labels.pod) && c.labels.instance === `${c.labels.pod}:9464`)).toBe(true);
    const pods = new Set(log.columns.map((c) => c.labels.pod));
    expect([...pods].sort()).toEqual(['lunar-api-v1-0', 'lunar-api-v1-1', 'lunar-api-v1-2', 'lunar-api-v2-0', 'lunar-api-v2-1', 'lunar-api-v2-2']);
  });

  it('a rolling deploy ends the old pod\'s series and starts the new pod\'s at 0', () => {
    const old = claude('lunar-api-v1-1').values;
    const next = claude('lunar-api-v2-1').values;
    expect(old[row(30) - 1]).toBeGreaterThan(0);
    expect(Number.isNaN(old[row(30)])).toBe(true);
    expect(Number.isNaN(next[row(30) - 1])).toBe(true);
    expect(next[row(30)]).toBeLessThanOrEqual(2);
  });

  it('a replica that is down is not scraped, and comes back with its counters at 0', () => {
    const down = claude('lunar-api-v2-1').values;
    expect(down.slice(row(60), row(90)).every(Number.isNaN)).toBe(true);
    expect(down[row(90)]).toBe(0);
    // The others carried on meanwhile.
    expect(claude('lunar-api-v2-0').values.slice(row(60), row(90)).some(Number.isNaN)).toBe(false);
  });

  it('a restart resets the counters of the same series', () => {
    const restarted = claude('lunar-api-v2-2').values;
    expect(restarted[row(90) - 1]).toBeGreaterThan(10);
    expect(restarted[row(90)]).toBe(0);
  });

  it('is deterministic', () => {
    expect(runVirtual(scenario).log.columns).toEqual(log.columns);
  });
});
