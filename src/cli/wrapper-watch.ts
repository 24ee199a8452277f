/**
 * `npm start`, `npm run` and `npx` stand between the user and lunar-sim, and npx adds a shell that does not pass
 * signals on: SIGTERM to npx kills that shell and leaves lunar-sim running, holding its port. So a lunar-sim that
 * npm started watches the processes between itself and npm (the shells, then npm) and, when one of them ends, stops
 * as if it had received SIGTERM: the command's own clean-up runs.
 *
 * Only under npm: a lunar-sim started from a shell and left running on purpose (`nohup lunar-sim run &`) must
 * outlive that shell.
 */
import { commandNameOf, identityOf, isAlive, parentOf, type ProcessIdentity } from '../process/process-table.js';

const SHELLS = new Set(['sh', 'dash', 'bash']);
const POLL_MS = 500;

/** The parent, and above it any shell, up to and including the first process that is not a shell (npm). */
function wrappers(): ProcessIdentity[] {
  const chain: ProcessIdentity[] = [];
  for (let pid: number | null = process.ppid; pid !== null && pid > 1; pid = parentOf(pid)) {
    const who = identityOf(pid);
    if (who === null) break;
    chain.push(who);
    if (!SHELLS.has(commandNameOf(pid) ?? '')) break;
  }
  return chain;
}

/** Under npm (which sets npm_lifecycle_event for what it runs), SIGTERM to self once a wrapper has ended. */
export function stopWhenWrapperEnds(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.npm_lifecycle_event) return;
  const watched = wrappers();
  if (watched.length === 0) return;
  const timer = setInterval(() => {
    if (watched.every(isAlive)) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, POLL_MS);
  timer.unref(); // never what keeps lunar-sim running
}
