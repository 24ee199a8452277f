/**
 * Judges the mutants of the Alertmanager configuration. Alert timelines do not depend on Alertmanager, so each
 * scenario's timelines — from the original rules, computed once by the rule mutants' run — are handed to a real
 * Alertmanager running the mutant configuration, and the scenario's `page:`/`warn:` expectations judged on what it
 * notifies. One Alertmanager per mutant, stopped when the mutant is judged.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { inPool } from '../core/pool.js';
import { AlertmanagerOracle } from '../notify/alertmanager-oracle.js';
import type { NotificationEpisode } from '../notify/notification-episodes.js';
import { withScratch } from '../prometheus/scratch.js';
import type { Scenario } from '../scenario/scenario.js';
import type { AlertEpisode } from '../verify/alert-timeline.js';
import { judge } from '../verify/judge.js';
import type { AlertRule } from '../verify/rules.js';
import { notificationsOf } from '../verify/verify-scenario.js';
import type { AlertmanagerMutant } from './mutant.js';
import type { MutantObservation } from './scenario-judge.js';

/** A usable scenario that expects notifications, with what the original rules and configuration make of it. */
export interface NotifiedScenario {
  scenario: Scenario;
  episodes: AlertEpisode[];
  end: number;
  notifications: NotificationEpisode[];
}

export interface AlertmanagerResult {
  mutant: AlertmanagerMutant;
  observations: MutantObservation[];
  killedBy: string[];
}

/** Notifications in a comparable, readable form: `receiver{group labels} from→to`, minutes of scenario time. */
export function describeNotifications(episodes: readonly NotificationEpisode[], t0: number): string {
  if (episodes.length === 0) return 'none';
  const m = (t: number): string => `${Math.round((t - t0) / 60_000)}m`;
  return episodes
    .map((e) => `${e.receiver}{${Object.values(e.groupLabels).join(',')}} ${m(e.from)}→${e.to === null ? 'end' : m(e.to)}`)
    .sort()
    .join(', ');
}

async function judgeOne(r: AlertmanagerResult, scenarios: readonly NotifiedScenario[], rules: readonly AlertRule[], bin: string, full: boolean): Promise<void> {
  await withScratch(async (scratch) => {
    const file = path.join(scratch.tempDir('alertmanager-mutant'), 'alertmanager.yml');
    writeFileSync(file, r.mutant.alertmanager);
    const oracle = await AlertmanagerOracle.start(bin, file, scratch);
    for (const s of scenarios) {
      if (!full && r.killedBy.length > 0) return;
      const notifications = (await notificationsOf(s.scenario, s.episodes, s.end, oracle))!;
      const failed = judge(s.scenario, rules, s.episodes, notifications).find((v) => !v.ok);
      const [before, after] = [describeNotifications(s.notifications, s.scenario.start), describeNotifications(notifications, s.scenario.start)];
      r.observations.push({ scenario: s.scenario.name, killReason: failed ? `${failed.alert}: ${failed.reason}` : '', difference: before === after ? '' : `${before} → ${after}` });
      if (failed) r.killedBy.push(s.scenario.name);
    }
  });
}

/** Judges every Alertmanager mutant on the scenarios that expect notifications, two Alertmanagers at a time. */
export async function judgeAlertmanagerMutants(
  results: readonly AlertmanagerResult[],
  scenarios: readonly NotifiedScenario[],
  rules: readonly AlertRule[],
  bin: string,
  full = false,
): Promise<void> {
  await inPool(results, 2, (r) => judgeOne(r, scenarios, rules, bin, full));
}
