/** `lunar-sim calibrate --url URL`: a scenario fitted to a server's stored metrics, with its fit report. */
import type { CommandModule } from 'yargs';
import { parseTimeRange } from '../backtest/time-range.js';
import { calibrate } from '../calibrate/calibrate.js';
import { UsageError } from '../errors.js';
import { AUTH_FLAGS, authHeaders, withAuthOptions, type AuthArgs } from './auth-options.js';
import { withQueryWindow } from './query-window-options.js';
import { exitCleanlyOnSignals } from './interrupt.js';
import { writeOutput } from './output.js';
import { receiverUrl } from './remote-write-options.js';

interface CalibrateArgs extends AuthArgs {
  url: string;
  from: string;
  to: string;
  out: string;
  name: string;
}

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  builder: (y) =>
    withAuthOptions(
      withQueryWindow(y, '')
        .option('out', { type: 'string', default: '-', describe: 'write the scenario YAML here (- = stdout; the report then goes to stderr)' })
        .option('name', { type: 'string', default: 'calibrated', describe: 'the scenario name written (kebab-case)' })
        .group(['url', 'from', 'to', 'out', 'name'], 'Options:'),
    ).group(AUTH_FLAGS, 'Authentication:') as never,
  handler: async (argv) => {
    const url = receiverUrl('url', argv.url).replace(/\/+$/, '');
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(argv.name)) throw new UsageError(`--name ${argv.name}: a scenario name is kebab-case, e.g. calibrated-prod`);
    const range = parseTimeRange(argv.from, argv.to, Date.now());
    const headers = authHeaders(argv);
    const stop = exitCleanlyOnSignals();
    try {
      const c = await calibrate(url, range, argv.name, { headers });
      // The report is for people: on stdout unless the scenario goes there.
      (argv.out === '-' ? process.stderr : process.stdout).write(`${c.report}\n`);
      const said = writeOutput(argv.out, c.scenarioYaml);
      if (said) process.stdout.write(`calibrate: ${said}\n`);
    } finally {
      stop();
    }
  },
};
