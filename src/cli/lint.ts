/** `lunar-sim lint [--rules F] [--dashboard F]`: alert and panel queries against the metric catalogue. */
import type { CommandModule } from 'yargs';
import { ExitCode } from '../errors.js';
import { dashboardExpressions, recordedSeries, ruleExpressions } from '../monitoring/lint-files.js';
import { lintExpressions, type LintFinding } from '../monitoring/lint-expressions.js';
import { DASHBOARD_FILE } from '../monitoring/files.js';
import { PROMTOOL, findBinary } from '../prometheus/binaries.js';
import { checkRules } from '../prometheus/promtool.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';

interface LintArgs {
  rules?: string;
  dashboard?: string;
}

export const lintCommand: CommandModule<object, LintArgs> = {
  builder: (y) =>
    y
      .option('rules', { type: 'string', describe: `rules file (default: ${DEFAULT_RULES_FILE})` })
      .option('dashboard', { type: 'string', describe: `Grafana dashboard JSON (default: ${DASHBOARD_FILE})` }) as never,
  handler: async (argv) => {
    // With neither flag, lint the shipped pair; with one, only that file.
    const rules = argv.rules ?? (argv.dashboard ? undefined : DEFAULT_RULES_FILE);
    const dashboard = argv.dashboard ?? (argv.rules ? undefined : DASHBOARD_FILE);
    const findings: LintFinding[] = [];
    let checked = 0;
    // What the rules record is known to every query that reads it, the dashboard's included.
    const recorded = recordedSeries(rules ?? DEFAULT_RULES_FILE);
    if (rules) {
      const exprs = ruleExpressions(rules);
      checked += exprs.length;
      findings.push(...lintExpressions(rules, exprs, recorded));
      const promtool = findBinary(PROMTOOL);
      if (promtool) {
        const check = await checkRules(promtool, rules);
        if (!check.ok) findings.push({ file: rules, where: 'promtool check rules', message: check.output.replace(/\s*\n\s*/g, ' | ') });
      } else {
        process.stderr.write('lunar-sim: promtool not found: rules checked by lunar-sim only (install prometheus for promtool check rules)\n');
      }
    }
    if (dashboard) {
      const exprs = dashboardExpressions(dashboard);
      checked += exprs.length;
      findings.push(...lintExpressions(dashboard, exprs, recorded));
    }
    for (const f of findings) process.stdout.write(`${f.file}: ${f.where}: ${f.message}\n`);
    process.stdout.write(`lint: ${checked} expressions, ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}\n`);
    if (findings.length > 0) process.exitCode = ExitCode.findings;
  },
};
