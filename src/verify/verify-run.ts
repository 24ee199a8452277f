/**
 * Verifies several scenarios against one rules file: checks the rules with promtool first, then runs scenarios two
 * at a time (the simulation of one overlaps the promtool and Prometheus work of the other on two cores).
 */
import { inPool } from '../core/pool.js';
import { UsageError } from '../errors.js';
import { readText } from '../monitoring/lint-files.js';
import { PROMETHEUS, PROMTOOL, requireBinary } from '../prometheus/binaries.js';
import { checkRules } from '../prometheus/promtool.js';
import type { Scenario } from '../scenario/scenario.js';
import { loadAlertRules, type AlertRule } from './rules.js';
import { verifyScenario, type Binaries, type ScenarioVerification, type Stage } from './verify-scenario.js';

export interface PreparedRules {
  bins: Binaries;
  rules: AlertRule[];
  rulesFile: string;
}

export interface VerifyRunOptions {
  concurrency?: number;
  onStage?: (scenario: string, stage: Stage) => void;
}

/** Finds the binaries (exit 2 with install instructions when missing) and loads rules that promtool accepts. */
export async function prepareVerify(rulesFile: string): Promise<PreparedRules> {
  // Read first: a missing file is one line, the same as lint's, not a promtool failure.
  readText(rulesFile);
  const bins = { promtool: requireBinary(PROMTOOL), prometheus: requireBinary(PROMETHEUS) };
  const check = await checkRules(bins.promtool, rulesFile);
  if (!check.ok) throw new UsageError(`${rulesFile} does not pass promtool check rules:\n${check.output}`);
  const rules = loadAlertRules(rulesFile);
  if (rules.length === 0) throw new UsageError(`${rulesFile} has no alerting rules`);
  return { bins, rules, rulesFile };
}

/** Verifies every scenario, `concurrency` at a time; `keep` picks what to hold of each result (all of it by default). */
export async function verifyScenarios<R = ScenarioVerification>(
  scenarios: readonly Scenario[],
  prepared: PreparedRules,
  o: VerifyRunOptions = {},
  keep: (r: ScenarioVerification) => R = (r) => r as R,
): Promise<R[]> {
  return inPool(scenarios, o.concurrency ?? 2, async (s) => keep(await verifyScenario(s, prepared.rules, prepared.bins, (stage) => o.onStage?.(s.name, stage))));
}
