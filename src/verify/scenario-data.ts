/**
 * A scenario's data behind a throwaway Prometheus: virtual run → remote write into Prometheus' own receiver, with
 * stale markers where scrapes fail (backfill/remote-write-backfill.ts; sample count checked). The data do not depend
 * on the rules, so one backfill serves every rule — and every mutant of every rule — evaluated against it.
 */
import { performance } from 'node:perf_hooks';
import { serveByRemoteWrite } from '../backfill/remote-write-backfill.js';
import { queryRange, type RangeSeries } from '../prometheus/query-client.js';
import type { Scratch } from '../prometheus/scratch.js';
import { runVirtual, type VirtualRunResult } from '../runtime/virtual-run.js';
import type { Scenario } from '../scenario/scenario.js';
import { withoutIdleSeries } from './idle-series.js';
import { writeRecordedSeries } from './recorded-series.js';
import { evaluationTimes, type AlertRule, type RecordingRule } from './rules.js';
import { seriesNeeded } from './series-needs.js';

export interface Binaries {
  promtool: string;
  prometheus: string;
}

export type Stage = 'simulate' | 'backfill' | 'query' | 'done';

export interface ScenarioData {
  run: VirtualRunResult;
  /** Samples sent to Prometheus. */
  samples: number;
  /** Samples the recording rules wrote back (stale markers included). */
  recordedSamples: number;
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


/**
 * Simulates `scenario` and serves its samples from a Prometheus that lives as long as `scratch` — the series `rules`
 * can read (series-needs.ts), but those no rule can tell from absent ones (idle-series.ts): the others cannot change
 * a verdict. `o.records`: recording rules, evaluated in order and stored before anything else is queried
 * (recorded-series.ts). `o.alsoEvaluated`: further expressions that will be queried against the data (mutants),
 * held to the same. `o.alsoRead`: expressions reading series of their own (dashboard panels): those are kept too.
 */
export async function serveScenarioData(
  scenario: Scenario,
  rules: readonly AlertRule[],
  bins: Binaries,
  scratch: Scratch,
  o: { onStage?: (stage: Stage) => void; records?: readonly RecordingRule[]; alsoEvaluated?: readonly string[]; alsoRead?: readonly string[] } = {},
): Promise<ScenarioData> {
  const onStage = o.onStage ?? (() => {});
  const t0 = performance.now();
  onStage('simulate');
  // Only the series the rules (and the further expressions: the dashboard's, mutants') can read are recorded: the
  // others cannot change a verdict (series-needs.ts). A mutant that drops a matcher reads series the rules do not.
  const records = o.records ?? [];
  const further = [...(o.alsoRead ?? []), ...(o.alsoEvaluated ?? [])];
  const keep = seriesNeeded([...rules, ...records, ...further.map((expr) => ({ expr }))]);
  const run = runVirtual(scenario, { keep });
  const t1 = performance.now();
  onStage('backfill');
  const { log } = withoutIdleSeries(run.log, [...rules, ...records].map((r) => r.expr).concat(o.alsoEvaluated ?? [], o.alsoRead ?? []));
  const span = { fromMs: scenario.start - scenario.warmup, toMs: scenario.start + scenario.duration, stepMs: scenario.step };
  const { prometheus, samples } = await serveByRemoteWrite(bins.prometheus, log, span, scratch);
  const recordedSamples = await writeRecordedSeries(prometheus.url, records, span.fromMs, span.toMs);
  const t2 = performance.now();
  onStage('query');
  return {
    run,
    samples,
    recordedSamples,
    prometheusUrl: prometheus.url,
    from: scenario.start - scenario.warmup,
    to: scenario.start + scenario.duration,
    simulateMs: t1 - t0,
    backfillMs: t2 - t1,
  };
}

/** Each rule's expression at every evaluation time of its group over the data's span. */
export async function evaluateRule(data: ScenarioData, rule: AlertRule, expr = rule.expr): Promise<RuleEvaluation> {
  const times = evaluationTimes(data.from, data.to, rule.intervalMs);
  const series = await queryRange(data.prometheusUrl, expr, times[0], times[times.length - 1], rule.intervalMs);
  return { rule, evaluations: times, series };
}
