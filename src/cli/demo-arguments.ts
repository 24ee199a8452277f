/** Flags `demo` and `drill` share: the speed, within its range, and the monitoring files. */
import type { Argv } from 'yargs';
import { SPEED_RANGE } from '../demo/compressed-config.js';
import { UsageError } from '../errors.js';
import { DASHBOARD_FILE, MONITORING_DIR } from '../monitoring/files.js';
import { DEFAULT_RULES_FILE } from '../verify/rules.js';
import { seedArg } from './arguments.js';

export interface StackArgs {
  speed: number;
  rules: string;
  alertmanager: string;
  dashboard: string;
  seed?: number;
}

export function withStackOptions<T>(y: Argv<T>): Argv<T & StackArgs> {
  return y
    .option('speed', { type: 'number', default: 60, describe: `simulated seconds per real second (${SPEED_RANGE.min}–${SPEED_RANGE.max}); the rules are compressed to match` })
    .option('rules', { type: 'string', default: DEFAULT_RULES_FILE, describe: 'alert rules file' })
    .option('alertmanager', { type: 'string', default: `${MONITORING_DIR}alertmanager.yml`, describe: 'Alertmanager configuration (routes and inhibition; receivers become the inbox)' })
    .option('dashboard', { type: 'string', default: DASHBOARD_FILE, describe: 'Grafana dashboard JSON the page draws' })
    .option('seed', { type: 'number', describe: "override the scenario's seed" }) as unknown as Argv<T & StackArgs>;
}

/** Usage errors (exit 2) for a speed out of range or a seed that is not an integer. */
export function checkStackArgs(a: StackArgs): void {
  if (!(a.speed >= SPEED_RANGE.min && a.speed <= SPEED_RANGE.max)) {
    throw new UsageError(`--speed ${a.speed}: expected a number from ${SPEED_RANGE.min} to ${SPEED_RANGE.max}`);
  }
  seedArg(a.seed);
}
