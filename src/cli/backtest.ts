/** `lunar-sim backtest --url URL --rules FILE`: what alert rules would have done over a server's stored history. */
import type { CommandModule } from 'yargs';
import { backtest } from '../backtest/backtest.js';
import { checkedRuleFile } from '../backtest/checked-rules.js';
import { compareFirings } from '../backtest/compare.js';
import { backtestJson, formatBacktest, formatComparison } from '../backtest/report.js';
import { DEFAULT_FROM, DEFAULT_TO, parseTimeRange } from '../backtest/time-range.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';
import { AUTH_FLAGS, authHeaders, withAuthOptions, type AuthArgs } from './auth-options.js';
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
}

export const backtestCommand: CommandModule<object, BacktestArgs> = {
  builder: (y) =>
    withAuthOptions(
      y
        .option('url', { type: 'string', demandOption: true, describe: 'Prometheus-compatible query API base, e.g. http://prometheus:9090 (its /api/v1/query_range is read)' })
        .option('rules', { type: 'string', default: DEFAULT_RULES_FILE, describe: 'rules file whose alerts are backtested' })
        .option('from', { type: 'string', default: DEFAULT_FROM, describe: 'start: RFC 3339 date-time, now, or now-<duration>' })
        .option('to', { type: 'string', default: DEFAULT_TO, describe: 'end: RFC 3339 date-time, now, or now-<duration>' })
        .option('json', { type: 'string', nargs: 1, describe: 'write the firings as JSON here (- = stdout)' })
        .option('compare', { type: 'string', nargs: 1, describe: 'another rules file: the firings it adds, removes or moves' }),
    ).group(AUTH_FLAGS, 'Authentication:') as never,
  handler: async (argv) => {
    const url = receiverUrl('url', argv.url).replace(/\/+$/, '');
    const range = parseTimeRange(argv.from, argv.to, Date.now());
    const headers = authHeaders(argv);
    const rules = await checkedRuleFile(argv.rules);
    const other = argv.compare === undefined ? undefined : await checkedRuleFile(argv.compare);
    const stop = exitCleanlyOnSignals();
    try {
      const result = await backtest(url, rules, range, { headers });
      const otherResult = other && (await backtest(url, other, range, { headers }));
      const comparison = otherResult && compareFirings(result.alerts, otherResult.alerts, range.toMs);
      const text = [formatBacktest(result, argv.rules), ...(comparison ? [formatComparison(comparison, argv.rules, argv.compare!)] : [])].join('\n\n');
      // A JSON report on stdout stands alone; the text then goes to stderr.
      (argv.json === '-' ? process.stderr : process.stdout).write(`${text}\n`);
      if (argv.json !== undefined) {
        const compare = otherResult && comparison ? { file: argv.compare!, result: otherResult, comparison } : undefined;
        const said = writeOutput(argv.json, backtestJson(result, argv.rules, compare));
        if (said) process.stderr.write(`backtest: ${said}\n`);
      }
    } finally {
      stop();
    }
  },
};
