/**
 * `lunar-sim validate <file...>`: checks scenario files, every problem of every file at once — `expect:` included,
 * against the alert names of the rules (the shipped ones unless `--rules`). Exit 1 when a file is invalid, 2 when one
 * cannot be read at all (the worse of the two when both happen).
 */
import type { CommandModule } from 'yargs';
import { ExitCode, LunarSimError } from '../errors.js';
import { virtualRunProblems, seriesProblems } from '../runtime/run-budget.js';
import { loadScenario } from '../scenario/catalogue.js';
import { DEFAULT_RULES_FILE, loadAlertRules } from '../verify/rules.js';
import { formatPath } from '../scenario/locate.js';
import { ruleNames, type RuleNames } from '../scenario/expectations.js';
import { printWarnings } from './scenario-warnings.js';

export const validateCommand: CommandModule<object, { files: string[]; rules: string }> = {
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true })
      .option('rules', { type: 'string', default: DEFAULT_RULES_FILE, describe: 'alert rules whose names `expect:` may use' }) as never,
  handler: (argv) => {
    // Read once, and only when a file names an alert: parsing the rules is a tenth of validate's start-up.
    let names: RuleNames | undefined;
    const rules = (): RuleNames => (names ??= ruleNames(loadAlertRules(argv.rules)));
    let exitCode: number = ExitCode.ok;
    for (const file of argv.files) {
      try {
        const s = loadScenario(file, { rules, checks: seriesProblems });
        // A file too large to verify can still run live: said, not refused.
        const verify = virtualRunProblems(s).map((p) => `${formatPath(p.path)}: ${p.message}`);
        process.stdout.write(`${file}: ok (${s.name}, ${s.phases.length} phases)${verify.length ? `; too large to verify: ${verify.join('; ')}` : ''}\n`);
        printWarnings(s);
      } catch (e) {
        if (!(e instanceof LunarSimError)) throw e;
        process.stderr.write(e.exitCode === ExitCode.findings ? `${e.message}\n` : `lunar-sim: ${e.message}\n`);
        exitCode = Math.max(exitCode, e.exitCode);
      }
    }
    process.exitCode = exitCode;
  },
};
