/**
 * The verify pipeline for one scenario: virtual run → timestamped OpenMetrics → promtool backfill (sample count
 * checked) → a throwaway Prometheus over the blocks → each rule's expression through query_range at its group's
 * evaluation interval → the `for`/`keep_firing_for` state machine → verdicts against `expect:`.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { writeOpenMetricsFile } from '../metrics/openmetrics-writer.js';
import { backfill } from '../prometheus/promtool.js';
import { queryRange, type RangeSeries } from '../prometheus/query-client.js';
import { withScratch } from '../prometheus/scratch.js';
import { startPrometheus } from '../prometheus/server.js';
import { runVirtual, type VirtualRunResult } from '../runtime/virtual-run.js';
import type { Scenario } from '../scenario/scenario.js';
import { alertTimeline, type AlertEpisode } from './alert-timeline.js';
import { judge, type AlertVerdict } from './judge.js';
import type { AlertRule } from './rules.js';

export interface Binaries {
  promtool: string;
  prometheus: string;
}

export interface Timings {
  simulateMs: number;
  backfillMs: number;
  queryMs: number;
  totalMs: number;
}

export interface RuleEvaluation {
  rule: AlertRule;
  evaluations: number[];
  series: RangeSeries[];
}

export interface ScenarioVerification {
  scenario: Scenario;
  episodes: AlertEpisode[];
  verdicts: AlertVerdict[];
  /** null when the scenario has no `expect:` block (a timeline, no verdict). */
  ok: boolean | null;
  samples: number;
  timings: Timings;
  /** Raw material for `export promtool`: the run's samples and each rule's evaluation. */
  run: VirtualRunResult;
  evaluations: RuleEvaluation[];
}

export type Stage = 'simulate' | 'backfill' | 'query' | 'done';

/** Evaluation times of a rule group over [from, to]: multiples of its interval, as a real rule manager would. */
export function evaluationTimes(from: number, to: number, intervalMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / intervalMs) * intervalMs; t <= to; t += intervalMs) out.push(t);
  return out;
}

async function inBatches<T, R>(items: readonly T[], size: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

export async function verifyScenario(
  scenario: Scenario,
  rules: readonly AlertRule[],
  bins: Binaries,
  onStage: (stage: Stage) => void = () => {},
): Promise<ScenarioVerification> {
  const t0 = performance.now();
  onStage('simulate');
  const run = runVirtual(scenario);
  const t1 = performance.now();
  return withScratch(async (scratch) => {
    onStage('backfill');
    const dir = scratch.tempDir('verify');
    const file = path.join(dir, 'samples.om');
    const tsdb = path.join(dir, 'tsdb');
    const samples = writeOpenMetricsFile(run.log, file);
    await backfill(bins.promtool, file, tsdb, samples, scratch);
    rmSync(file);
    const t2 = performance.now();
    onStage('query');
    const prometheus = await startPrometheus(bins.prometheus, tsdb, scratch);
    const from = scenario.start - scenario.warmup;
    const to = scenario.start + scenario.duration;
    const evaluations = await inBatches(rules, 4, async (rule) => {
      const times = evaluationTimes(from, to, rule.intervalMs);
      const series = await queryRange(prometheus.url, rule.expr, times[0], times[times.length - 1], rule.intervalMs);
      return { rule, evaluations: times, series };
    });
    const episodes = evaluations.flatMap((e) => alertTimeline(e.rule, e.series, e.evaluations));
    const verdicts = judge(scenario, rules, episodes);
    const t3 = performance.now();
    onStage('done');
    return {
      scenario,
      episodes,
      verdicts,
      ok: scenario.expect ? verdicts.every((v) => v.ok) : null,
      samples,
      timings: { simulateMs: t1 - t0, backfillMs: t2 - t1, queryMs: t3 - t2, totalMs: t3 - t0 },
      run,
      evaluations,
    };
  });
}
