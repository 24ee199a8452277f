/**
 * The verify pipeline for one scenario: its data behind a throwaway Prometheus (scenario-data.ts) → each rule's
 * expression through query_range at its group's evaluation interval → the `for`/`keep_firing_for` state machine →
 * verdicts against `expect:`.
 */
import { performance } from 'node:perf_hooks';
import { inPool } from '../core/pool.js';
import { alertStates } from '../notify/alert-states.js';
import type { AlertmanagerOracle } from '../notify/alertmanager-oracle.js';
import { notificationEpisodes, type NotificationEpisode } from '../notify/notification-episodes.js';
import { withScratch } from '../prometheus/scratch.js';
import { dashboardQueries, judgeDashboard, type DashboardFinding, type LoadedDashboard } from '../dashboard-check/index.js';
import type { VirtualRunResult } from '../runtime/virtual-run.js';
import type { Scenario } from '../scenario/scenario.js';
import { alertTimeline, type AlertEpisode } from './alert-timeline.js';
import { judge, type AlertVerdict } from './judge.js';
import type { AlertRule, RecordingRule } from './rules.js';
import { evaluateRule, serveScenarioData, type Binaries, type RuleEvaluation, type Stage } from './scenario-data.js';

export type { Binaries, RuleEvaluation, Stage } from './scenario-data.js';

export interface Timings {
  simulateMs: number;
  backfillMs: number;
  queryMs: number;
  totalMs: number;
}

export interface ScenarioVerification {
  scenario: Scenario;
  episodes: AlertEpisode[];
  /** What Alertmanager notified (only for a scenario with `page:`/`warn:` expectations; null otherwise). */
  notifications: NotificationEpisode[] | null;
  verdicts: AlertVerdict[];
  /** null when the scenario has no `expect:` block (a timeline, no verdict). */
  ok: boolean | null;
  samples: number;
  timings: Timings;
  /** Raw material for `export promtool`: the run's samples and each rule's evaluation. */
  run: VirtualRunResult;
  evaluations: RuleEvaluation[];
  /** The recording rules stored before the alerts were evaluated. */
  records: readonly RecordingRule[];
  /** The dashboard's findings on this scenario's data (null: no dashboard judged). */
  dashboard: DashboardFinding[] | null;
}

/** Every episode of every rule, from their evaluations. */
export function episodesOf(evaluations: readonly RuleEvaluation[]): AlertEpisode[] {
  return evaluations.flatMap((e) => alertTimeline(e.rule, e.series, e.evaluations));
}

/**
 * What Alertmanager notifies of `episodes`, when the scenario expects notifications or `always` (null otherwise: the
 * alert-level verdicts need no Alertmanager).
 */
export async function notificationsOf(
  scenario: Scenario,
  episodes: readonly AlertEpisode[],
  end: number,
  oracle: AlertmanagerOracle | undefined,
  always = false,
): Promise<NotificationEpisode[] | null> {
  if (!always && (scenario.expect?.notify.length ?? 0) === 0) return null;
  if (!oracle) throw new Error(`${scenario.name} expects notifications: verify it with an Alertmanager`);
  const states = alertStates(episodes, end);
  return notificationEpisodes(states, await oracle.groups(states));
}

export async function verifyScenario(
  scenario: Scenario,
  rules: readonly AlertRule[],
  bins: Binaries,
  o: { onStage?: (stage: Stage) => void; records?: readonly RecordingRule[]; oracle?: AlertmanagerOracle; notifications?: boolean; dashboard?: LoadedDashboard } = {},
): Promise<ScenarioVerification> {
  const onStage = o.onStage ?? (() => {});
  return withScratch(async (scratch) => {
    const alsoRead = o.dashboard ? dashboardQueries(o.dashboard, scenario.step) : [];
    const data = await serveScenarioData(scenario, rules, bins, scratch, { onStage, records: o.records, alsoRead });
    const t2 = performance.now();
    const evaluations = await inPool(rules, 4, (rule) => evaluateRule(data, rule));
    const episodes = episodesOf(evaluations);
    const notifications = await notificationsOf(scenario, episodes, data.to, o.oracle, o.notifications);
    const verdicts = judge(scenario, rules, episodes, notifications);
    const dashboard = o.dashboard ? await judgeDashboard(o.dashboard, scenario, data.prometheusUrl, rules) : null;
    const queryMs = performance.now() - t2;
    onStage('done');
    return {
      scenario,
      episodes,
      notifications,
      verdicts,
      ok: scenario.expect ? verdicts.every((v) => v.ok) : null,
      samples: data.samples,
      timings: { simulateMs: data.simulateMs, backfillMs: data.backfillMs, queryMs, totalMs: data.simulateMs + data.backfillMs + queryMs },
      run: data.run,
      evaluations,
      records: o.records ?? [],
      dashboard,
    };
  });
}
