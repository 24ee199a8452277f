/**
 * The aggregate mode against the per-generation mode on one scenario, at fixed seeds: the two runs draw from
 * independent streams, so each comparison is a two-sample test of "same distribution". Bounds are set at a false
 * alarm probability of about 1e-6 each (test/support/statistics.ts), so a failure means a real difference.
 */
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/catalogue.js';
import type { SampleLog } from '../../src/metrics/sample-log.js';
import { runVirtual } from '../../src/runtime/virtual-run.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { chiSquareBound, chiSquareHomogeneity, ksBound, ksTwoSample, mean } from '../support/statistics.js';

const scenario = parseScenario(
  `name: equivalence
summary: two hours of warm-up, then Claude slows down and a few calls hang for two minutes
seed: 77
warmup: 2h
duration: 10h
traffic: { rate: 150/min }
base:
  claude: { hang: { probability: 0.02, duration: 2m } }
phases:
  - name: slow
    at: 4h
    profile: { claude: { ttft: { median: 12s }, hang: { probability: 0.02, duration: 2m } } }
`,
  'equivalence.yaml',
);
const perGeneration = runVirtual(scenario, { simulation: 'per-generation' });
const aggregate = runVirtual(scenario, { simulation: 'aggregate' });

/** Sum over the columns of `name` matching `labels`, per snapshot. */
function series(log: SampleLog, name: string, labels: Record<string, string> = {}): number[] {
  const columns = log.columns.filter((c) => c.name === name && Object.entries(labels).every(([k, v]) => c.labels[k] === v));
  return log.times.map((_, i) => columns.reduce((s, c) => s + c.values[i], 0));
}

function increments(xs: readonly number[]): number[] {
  return xs.slice(1).map((x, i) => x - xs[i]);
}

describe('aggregate mode is statistically the per-generation mode', () => {
  it('ran each mode as asked, with the same number of samples', () => {
    expect([perGeneration.mode, aggregate.mode]).toEqual(['per-generation', 'aggregate']);
    expect(aggregate.log.times).toEqual(perGeneration.log.times);
  });

  for (const [what, labels] of [['Claude completions', { source: 'claude' }], ['cache hits', { source: 'db_temporal' }], ['template fallbacks', { source: 'db_template' }]] as const) {
    it(`draws the same distribution of ${what} per step (two-sample KS)`, () => {
      const a = increments(series(perGeneration.log, METRICS.generated.name, labels));
      const b = increments(series(aggregate.log, METRICS.generated.name, labels));
      expect(ksTwoSample(a, b)).toBeLessThan(ksBound(a.length, b.length));
    });
  }

  it('fills the duration buckets in the same shares (chi-square homogeneity, per source)', () => {
    const buckets = (log: SampleLog): number[] => {
      const cum = log.columns.filter((c) => c.name === `${METRICS.duration.name}_bucket`).map((c) => c.values[c.values.length - 1]);
      // Cumulative per source → per bucket (columns come per source, le ascending).
      return cum.map((v, i) => (i % 20 === 0 ? v : v - cum[i - 1]));
    };
    const { statistic, df } = chiSquareHomogeneity(buckets(perGeneration.log), buckets(aggregate.log));
    expect(df).toBeGreaterThan(10);
    expect(statistic).toBeLessThan(chiSquareBound(df));
  });

  it('has the same in-flight gauge: distribution (two-sample KS on readings 10 steps apart) and mean', () => {
    const gauge = (log: SampleLog): number[] => series(log, METRICS.active.name).filter((_, i) => i % 10 === 0);
    const a = gauge(perGeneration.log);
    const b = gauge(aggregate.log);
    expect(ksTwoSample(a, b)).toBeLessThan(ksBound(a.length, b.length));
    // Little's law sets the mean: ~150/min × a few seconds, plus the hung calls (~1.8 at any time).
    expect(mean(a)).toBeGreaterThan(3);
    expect(Math.abs(mean(b) / mean(a) - 1)).toBeLessThan(0.05);
  });

  it('is deterministic per seed', () => {
    expect(runVirtual(scenario, { simulation: 'aggregate' }).log.columns).toEqual(aggregate.log.columns);
  });
});
