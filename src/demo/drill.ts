/**
 * `drill`: a scenario run live through the real stack — Prometheus' rule manager, Alertmanager's routing and
 * inhibition, the webhook — and judged by verify's own `judge()` from what arrived: every notified (or inhibited)
 * alert is an episode, its firing and resolution mapped back to scenario time. A second oracle, independent of
 * verify's replay of the rule manager: both see the same simulation (same seed, same draws) and the same rules.
 */
import { UsageError } from '../errors.js';
import { readText } from '../monitoring/lint-files.js';
import type { Scratch } from '../prometheus/scratch.js';
import type { Scenario } from '../scenario/scenario.js';
import { judge, type AlertVerdict } from '../verify/judge.js';
import type { AlertRule } from '../verify/rules.js';
import { compressRules, notificationDelayMs, PROMETHEUS_DEFAULTS } from './compressed-config.js';
import { startDemoStack } from './demo-stack.js';
import type { ReceivedNotification } from './inbox.js';
import { EpisodeCollector, type HeldAlert, type NotifiedEpisode } from './notified-episodes.js';
import type { TimeAxis } from './time-axis.js';

export interface DrillOptions {
  scenario: Scenario;
  speed: number;
  rules: readonly AlertRule[];
  rulesFile: string;
  alertmanagerFile: string;
  dashboardFile: string;
  onStage?: (stage: string) => void;
  /** Each notification as it arrives, with the axis to read its times. */
  onNotification?: (n: ReceivedNotification, axis: TimeAxis) => void;
  /** Called once the live run has started: the page's URL, the axis. */
  onLive?: (pageUrl: string, axis: TimeAxis) => void;
}

export interface DrillResult {
  scenario: Scenario;
  speed: number;
  verdicts: AlertVerdict[];
  episodes: NotifiedEpisode[];
  /** null when the scenario has no `expect:` block. */
  ok: boolean | null;
  notifications: number;
  /** Real ms the live data started after the history's end (0 normally). */
  lateMs: number;
}

/** Refuses rules that compression cannot carry: their verdicts would judge real time, not the scenario's. */
export function requireCompressible(rulesFile: string, speed: number): void {
  const { problems } = compressRules(readText(rulesFile), speed, rulesFile);
  if (problems.length > 0) {
    throw new UsageError(
      `cannot drill at --speed ${speed}: ${problems.map((p) => `${p.rule}: ${p.message}`).join('; ')} (run it at --speed 1)`,
    );
  }
}

async function heldAlerts(alertmanager: string): Promise<HeldAlert[]> {
  const r = await fetch(`${alertmanager}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`, { signal: AbortSignal.timeout(5000) });
  return r.ok ? ((await r.json()) as HeldAlert[]) : [];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Runs `o.scenario` from its time 0 to its end (its warm-up backfilled) and judges its `expect:`. */
export async function drillScenario(o: DrillOptions, scratch: Scratch): Promise<DrillResult> {
  requireCompressible(o.rulesFile, o.speed);
  const s = o.scenario;
  const stack = await startDemoStack(
    {
      scenario: s,
      speed: o.speed,
      from: 0,
      historyMs: s.warmup,
      rulesFile: o.rulesFile,
      alertmanagerFile: o.alertmanagerFile,
      dashboardFile: o.dashboardFile,
      host: '127.0.0.1',
      port: 0,
      grafana: false,
      onStage: o.onStage,
    },
    scratch,
  );
  const axis = stack.axis;
  const collector = new EpisodeCollector(axis);
  stack.inbox.onNotification((n) => {
    collector.notified(n);
    o.onNotification?.(n, axis);
  });
  o.onLive?.(stack.session.url, axis);
  const end = s.start + s.duration;
  const evaluationMs = PROMETHEUS_DEFAULTS.evaluationIntervalMs / o.speed;
  // After the scenario's end: one more evaluation, and the slowest notification (a resolution waits for its group).
  const stopAt = axis.toReal(end) + notificationDelayMs(readText(o.alertmanagerFile), o.speed) + 2 * evaluationMs + 500;
  const pollMs = Math.max(100, evaluationMs);
  o.onStage?.('live');
  try {
    while (Date.now() < stopAt) {
      // Alertmanager's list shows what it holds back (inhibited alerts are never notified).
      collector.held(await heldAlerts(stack.alertmanagerUrl), Date.now());
      await sleep(Math.min(pollMs, stopAt - Date.now()));
    }
  } finally {
    await stack.close();
  }
  // Verify evaluates from the first sample (the start of the warm-up); Prometheus runs a little before it.
  const episodes = collector.episodes(s.start - s.warmup, end);
  const verdicts = judge(s, o.rules, episodes, collector.notifications(s.start - s.warmup, end));
  return {
    scenario: s,
    speed: o.speed,
    verdicts,
    episodes,
    ok: s.expect ? verdicts.every((v) => v.ok) : null,
    notifications: stack.inbox.received,
    lateMs: stack.lateMs,
  };
}
