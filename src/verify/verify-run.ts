/**
 * Verifies several scenarios against one rules file: checks the rules with promtool first, then runs scenarios two
 * at a time (the simulation of one overlaps the promtool and Prometheus work of the other on two cores).
 */
import { UsageError } from '../errors.js';
import { PROMETHEUS, PROMTOOL, requireBinary } from '../prometheus/binaries.js';
import { checkRules } from '../prometheus/promtool.js';
import type { Scenario } from '../scenario/scenario.js';
import { loadAlertRules, type AlertRule } from './rules.js';
import { verifyScenario, type Binaries, type ScenarioVerification, type Stage } from './verify-scenario.js';

export interface VerifyRunOptions {
  rulesFile: string;
  concurrency?: number;
  onStage?: (scenario: string, stage: Stage) => void;
}

/** Finds the binaries (exit 2 with install instructions when missing) and loads rules that promtool accepts. */
export async function prepareVerify(rulesFile: string): Promise<{ bins: Binaries; rules: AlertRule[] }> {
  const bins = { promtool: requireBinary(PROMTOOL), prometheus: requireBinary(PROMETHEUS) };
  const check = await checkRules(bins.promtool, rulesFile);
  if (!check.ok) throw new UsageError(`${rulesFile} does not pass promtool check rules:\n${check.output}`);
  const rules = loadAlertRules(rulesFile);
  if (rules.length === 0) throw new UsageError(`${rulesFile} has no alerting rules`);
  return { bins, rules };
}

export async function verifyScenarios(scenarios: readonly Scenario[], o: VerifyRunOptions): Promise<ScenarioVerification[]> {
  const { bins, rules } = await prepareVerify(o.rulesFile);
  const results: ScenarioVerification[] = new Array(scenarios.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scenarios.length) {
      const i = next++;
      const s = scenarios[i];
      results[i] = await verifyScenario(s, rules, bins, (stage) => o.onStage?.(s.name, stage));
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 2, scenarios.length) }, worker));
  return results;
}
