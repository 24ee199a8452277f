/**
 * SIGINT or SIGTERM during a command that runs child processes: stop them, remove the temp dirs, exit 128 + the
 * signal's number (130, 143), as shells report a program the signal stopped. One stop only: Ctrl-C under `npm start`
 * arrives twice (from the terminal and forwarded by npm), and a repeat must not cut the clean-up short.
 */
import { ExitCode } from '../errors.js';
import { disposeAllScratch } from '../prometheus/scratch.js';

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated };
let stopCode: number | null = null;

/** 128 + the signal's number, as shells report a program the signal stopped: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeOf(signal: NodeJS.Signals): number {
  return exitCodes[signal] ?? ExitCode.terminated;
}

/** The exit code of a stop by signal in progress, or null. The command's own error is then a consequence: not news. */
export function stoppingOnSignal(): number | null {
  return stopCode;
}

export function exitCleanlyOnSignals(): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    if (stopCode !== null) return;
    stopCode = exitCodeOf(signal);
    process.stderr.write(`\nlunar-sim: ${signal}: stopping child processes and removing temp files\n`);
    void disposeAllScratch().finally(() => process.exit(stopCode!));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    if (stopCode !== null) return; // stopping: keep ignoring repeats until the exit
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
