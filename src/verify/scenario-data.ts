/**
 * A scenario's data behind a throwaway Prometheus: virtual run → timestamped OpenMetrics → promtool backfill (sample
 * count checked) → Prometheus over the blocks. The data do not depend on the rules, so one backfill serves every
 * rule — and every mutant of every rule — evaluated against it.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { writeOpenMetricsFile } from '../metrics/openmetrics-writer.js';
import { backfill } from '../prometheus/promtool.js';
import { queryRange, type RangeSeries } from '../prometheus/query-client.js';
import type { Scratch } from '../prometheus/scratch.js';
import { startPrometheus } from '../prometheus/server.js';
import { runVirtual, type VirtualRunResult } from '../runtime/virtual-run.js';
import type { Scenario } from '../scenario/scenario.js';
import type { AlertRule } from './rules.js';
import { seriesNeeded } from './series-needs.js';

export interface Binaries {
  promtool: string;
  prometheus: string;
}

export type Stage = 'simulate' | 'backfill' | 'query' | 'done';

export interface ScenarioData {
  run: VirtualRunResult;
  samples: number;
  /** Base URL of the Prometheus serving the data, alive until the Scratch is disposed. */
  prometheusUrl: string;
  /** Span of the data: from the start of the warm-up to the end, ms since epoch. */
  from: number;
  to: number;
  simulateMs: number;
  backfillMs: number;
}

export interface RuleEvaluation {
  rule: AlertRule;
  evaluations: number[];
  series: RangeSeries[];
}

/** Evaluation times of a rule group over [from, to]: multiples of its interval, as a real rule manager would. */
export function evaluationTimes(from: number, to: number, intervalMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / intervalMs) * intervalMs; t <= to; t += intervalMs) out.push(t);
  return out;
}

/**
 * Simulates `scenario` and serves its samples from a Prometheus that lives as long as `scratch` — the series `rules`
 * can read (series-needs.ts): the others cannot change a verdict.
 */
export async function serveScenarioData(
  scenario: Scenario,
  rules: readonly AlertRule[],
  bins: Binaries,
  scratch: Scratch,
  onStage: (stage: Stage) => void = () => {},
): Promise<ScenarioData> {
  const t0 = performance.now();
  onStage('simulate');
  const run = runVirtual(scenario);
  const t1 = performance.now();
  onStage('backfill');
  const dir = scratch.tempDir('verify');
  const file = path.join(dir, 'samples.om');
  const tsdb = path.join(dir, 'tsdb');
  const samples = writeOpenMetricsFile(run.log, file, { keep: seriesNeeded(rules) });
  await backfill(bins.promtool, file, tsdb, samples, scratch);
  rmSync(file);
  const t2 = performance.now();
  onStage('query');
  const prometheus = await startPrometheus(bins.prometheus, tsdb, scratch);
  return {
    run,
    samples,
    prometheusUrl: prometheus.url,
    from: scenario.start - scenario.warmup,
    to: scenario.start + scenario.duration,
    simulateMs: t1 - t0,
    backfillMs: t2 - t1,
  };
}

/** Runs `f` over `items`, at most `size` at a time, keeping their order. */
export async function inBatches<T, R>(items: readonly T[], size: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

/** Each rule's expression at every evaluation time of its group over the data's span. */
export async function evaluateRule(data: ScenarioData, rule: AlertRule, expr = rule.expr): Promise<RuleEvaluation> {
  const times = evaluationTimes(data.from, data.to, rule.intervalMs);
  const series = await queryRange(data.prometheusUrl, expr, times[0], times[times.length - 1], rule.intervalMs);
  return { rule, evaluations: times, series };
}
