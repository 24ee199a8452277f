/**
 * Verifies several scenarios against one rules file: checks the rules with promtool first, then runs scenarios two
 * at a time (the simulation of one overlaps the promtool and Prometheus work of the other on two cores). When a
 * scenario expects notifications (`page:`/`warn:`), one real Alertmanager with the routing under test serves the
 * whole run.
 */
import { inPool } from '../core/pool.js';
import type { LoadedDashboard } from '../dashboard-check/index.js';
import { UsageError } from '../errors.js';
import { ALERTMANAGER_FILE } from '../monitoring/files.js';
import { readText } from '../monitoring/lint-files.js';
import { AlertmanagerOracle } from '../notify/alertmanager-oracle.js';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL, requireBinary } from '../prometheus/binaries.js';
import { checkRules } from '../prometheus/promtool.js';
import { withScratch } from '../prometheus/scratch.js';
import type { Scenario } from '../scenario/scenario.js';
import { loadRuleFile, type AlertRule, type RecordingRule } from './rules.js';
import { verifyScenario, type Binaries, type ScenarioVerification, type Stage } from './verify-scenario.js';

export interface PreparedRules {
  bins: Binaries;
  rules: AlertRule[];
  /** The recording rules of the file, in order: verify stores their series before evaluating the alerts. */
  records: RecordingRule[];
  rulesFile: string;
  /** The Alertmanager configuration whose routing, grouping and inhibition judge `page:`/`warn:` expectations. */
  alertmanagerFile: string;
}

export interface VerifyRunOptions {
  concurrency?: number;
  /** Ask Alertmanager what every scenario notifies, expected or not (the noise report). */
  notifications?: boolean;
  onStage?: (scenario: string, stage: Stage) => void;
  /** A dashboard to judge on every scenario's data (src/dashboard-check/). */
  dashboard?: LoadedDashboard;
}

/** Finds the binaries (exit 2 with install instructions when missing) and loads rules that promtool accepts. */
export async function prepareVerify(rulesFile: string, alertmanagerFile = ALERTMANAGER_FILE): Promise<PreparedRules> {
  // Read first: a missing file is one line, the same as lint's, not a promtool failure.
  readText(rulesFile);
  const bins = { promtool: requireBinary(PROMTOOL), prometheus: requireBinary(PROMETHEUS) };
  const check = await checkRules(bins.promtool, rulesFile);
  if (!check.ok) throw new UsageError(`${rulesFile} does not pass promtool check rules:\n${check.output}`);
  const { alerts: rules, records } = loadRuleFile(rulesFile);
  if (rules.length === 0) throw new UsageError(`${rulesFile} has no alerting rules`);
  return { bins, rules, records, rulesFile, alertmanagerFile };
}

/** Verifies every scenario, `concurrency` at a time; `keep` picks what to hold of each result (all of it by default). */
export async function verifyScenarios<R = ScenarioVerification>(
  scenarios: readonly Scenario[],
  prepared: PreparedRules,
  o: VerifyRunOptions = {},
  keep: (r: ScenarioVerification) => R = (r) => r as R,
): Promise<R[]> {
  return withScratch(async (scratch) => {
    const needsOracle = o.notifications || scenarios.some((s) => (s.expect?.notify.length ?? 0) > 0);
    const oracle = needsOracle ? await AlertmanagerOracle.start(requireBinary(ALERTMANAGER), prepared.alertmanagerFile, scratch) : undefined;
    return inPool(scenarios, o.concurrency ?? 2, async (s) => keep(await verifyScenario(s, prepared.rules, prepared.bins, {
      onStage: (stage) => o.onStage?.(s.name, stage),
      records: prepared.records,
      oracle,
      notifications: o.notifications,
      dashboard: o.dashboard,
    })));
  });
}
