/** `lunar-sim backtest --url URL --rules FILE`: what alert rules would have done over a server's stored history. */
import type { CommandModule } from 'yargs';
import { backtest, type BacktestResult } from '../backtest/backtest.js';
import { checkedRuleFile } from '../backtest/checked-rules.js';
import { compareFirings } from '../backtest/compare.js';
import { backtestMutants, boundedMutants, formatMutantOutcomes, type MutantOutcome } from '../backtest/mutant-backtest.js';
import { backtestJson, formatBacktest, formatComparison, type ComparedRun } from '../backtest/report.js';
import { parseTimeRange, type TimeRange } from '../backtest/time-range.js';
import { UsageError } from '../errors.js';
import type { RuleFile } from '../verify/rules.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';
import { AUTH_FLAGS, authHeaders, withAuthOptions, type AuthArgs } from './auth-options.js';
import { withQueryWindow } from './query-window-options.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { writeOutput } from './output.js';
import { receiverUrl } from './remote-write-options.js';

interface BacktestArgs extends AuthArgs {
  url: string;
  rules: string;
  from: string;
  to: string;
  json?: string;
  compare?: string;
  compareUrl?: string;
  mutants: boolean;
}

/** A query API base from a flag: http(s), no credentials, no trailing slash. */
function queryApi(flag: string, text: string): string {
  return receiverUrl(flag, text).replace(/\/+$/, '');
}

/** The other run `--compare` (other rules, same server) or `--compare-url` (same rules, other server) asks for. */
async function otherRun(
  argv: BacktestArgs,
  rules: RuleFile,
  otherRules: RuleFile | undefined,
  range: TimeRange,
  headers: Record<string, string>,
): Promise<Omit<ComparedRun, 'comparison'> | undefined> {
  if (argv.compare !== undefined && otherRules) {
    const other = otherRules;
    return { kind: 'rules', source: argv.compare, result: await backtest(queryApi('url', argv.url), other, range, { headers }) };
  }
  if (argv.compareUrl !== undefined) {
    const url = queryApi('compare-url', argv.compareUrl);
    return { kind: 'url', source: url, result: await backtest(url, rules, range, { headers }) };
  }
  return undefined;
}

function report(argv: BacktestArgs, result: BacktestResult, compared: ComparedRun | undefined, mutants: MutantOutcome[] | undefined): void {
  const base = compared?.kind === 'url' ? queryApi('url', argv.url) : argv.rules;
  const text = [
    formatBacktest(result, argv.rules),
    ...(compared ? [formatComparison(compared.comparison, base, compared.source)] : []),
    ...(mutants ? [formatMutantOutcomes(mutants)] : []),
  ].join('\n\n');
  // A JSON report on stdout stands alone; the text then goes to stderr.
  (argv.json === '-' ? process.stderr : process.stdout).write(`${text}\n`);
  if (argv.json === undefined) return;
  const said = writeOutput(argv.json, backtestJson(result, argv.rules, compared, mutants));
  if (said) process.stderr.write(`backtest: ${said}\n`);
}

export const backtestCommand: CommandModule<object, BacktestArgs> = {
  builder: (y) =>
    withAuthOptions(
      withQueryWindow(y, ' (its /api/v1/query_range is read)')
        .option('rules', { type: 'string', default: DEFAULT_RULES_FILE, describe: 'rules file whose alerts are backtested' })
        .option('json', { type: 'string', nargs: 1, describe: 'write the firings as JSON here (- = stdout)' })
        .option('compare', { type: 'string', nargs: 1, describe: 'another rules file: the firings it adds, removes or moves' })
        .option('compare-url', { type: 'string', nargs: 1, describe: 'another query API holding the same data (e.g. VictoriaMetrics next to Prometheus): how its firings differ' })
        .option('mutants', { type: 'boolean', default: false, describe: "also backtest every rule mutant of mutate's operators: which would have fired differently over this history" })
        .group(['url', 'rules', 'from', 'to', 'json', 'compare', 'compare-url', 'mutants'], 'Options:'),
    ).group(AUTH_FLAGS, 'Authentication:') as never,
  handler: async (argv) => {
    const url = queryApi('url', argv.url);
    const range = parseTimeRange(argv.from, argv.to, Date.now());
    const headers = authHeaders(argv);
    if (argv.compare !== undefined && argv.compareUrl !== undefined) throw new UsageError('--compare and --compare-url: give one');
    const rules = await checkedRuleFile(argv.rules);
    const otherRules = argv.compare === undefined ? undefined : await checkedRuleFile(argv.compare);
    const mutants = argv.mutants ? boundedMutants(rules, range) : undefined;
    const stop = exitCleanlyOnSignals();
    try {
      const result = await backtest(url, rules, range, { headers });
      const other = await otherRun(argv, rules, otherRules, range, headers);
      const outcomes = mutants && (await backtestMutants(url, rules, mutants, range, result.alerts, { headers }));
      report(argv, result, other && { ...other, comparison: compareFirings(result.alerts, other.result.alerts, range.toMs) }, outcomes);
    } finally {
      stop();
    }
  },
};
