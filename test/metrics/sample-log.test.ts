import { describe, expect, it } from 'vitest';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { parseScenario } from '../../src/scenario/parse.js';

const scenario = parseScenario('name: s\nsummary: s\nseed: 4\nwarmup: 10m\nduration: 30m\ntraffic: { rate: 60/min }\n', 's.yaml');
const claudeBuckets = (name: string, labels: Readonly<Record<string, string>>): boolean =>
  name === 'lunar_interpretation_duration_seconds_bucket' && labels.source === 'claude';

describe('SampleLog', () => {
  it('records only the columns asked for, with the values a full log has', () => {
    const full = runVirtual(scenario).log;
    const kept = runVirtual(scenario, { keep: claudeBuckets }).log;
    expect(kept.columns.length).toBe(20); // 19 bounds and +Inf
    expect(kept.columns).toEqual(full.columns.filter((c) => claudeBuckets(c.name, c.labels)));
    expect(kept.times).toEqual(full.times);
  });

  it('gives a view without some columns that shares the snapshots and the other columns', () => {
    const full = runVirtual(scenario).log;
    const view = full.withoutColumns(new Set(full.columns.filter((c) => !claudeBuckets(c.name, c.labels))));
    expect(view.times).toBe(full.times);
    expect(view.columns.every((c) => full.columns.includes(c))).toBe(true);
    expect(view.columns).toHaveLength(20);
  });
});
