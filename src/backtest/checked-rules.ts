/** A rules file as backtest reads it: `promtool check rules` first (exit 2 with its message), then its rules. */
import { UsageError } from '../errors.js';
import { readText } from '../monitoring/lint-files.js';
import { PROMTOOL, requireBinary } from '../prometheus/binaries.js';
import { checkRules } from '../prometheus/promtool.js';
import { loadRuleFile, type RuleFile } from '../verify/rules.js';

/** The rules of `file`, which promtool accepts and which holds at least one alert. */
export async function checkedRuleFile(file: string): Promise<RuleFile> {
  // Read first: a missing file is one line, not a promtool failure.
  readText(file);
  const check = await checkRules(requireBinary(PROMTOOL), file);
  if (!check.ok) throw new UsageError(`${file} does not pass promtool check rules:\n${check.output}`);
  const rules = loadRuleFile(file);
  if (rules.alerts.length === 0) throw new UsageError(`${file} has no alerting rules`);
  return rules;
}
