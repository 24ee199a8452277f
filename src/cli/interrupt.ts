/**
 * Ctrl-C during a command that runs child processes: stop them, remove the temp dirs, exit 130.
 */
import { ExitCode } from '../errors.js';
import { disposeAllScratch } from '../prometheus/scratch.js';

export function exitCleanlyOnSignals(): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\nlunar-sim: ${signal}: stopping child processes and removing temp files\n`);
    void disposeAllScratch().finally(() => process.exit(ExitCode.interrupted));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
