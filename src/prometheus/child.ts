/**
 * Starts prometheus, promtool and alertmanager so that none can outlive lunar-sim, even one killed with SIGKILL:
 * - through util-linux' `setpriv --pdeathsig KILL`, which has the kernel send SIGKILL to the child the moment its
 *   parent dies (prctl PR_SET_PDEATHSIG, which Node cannot call itself); util-linux is an essential package on
 *   Debian and Ubuntu. Where setpriv is missing or too old, children start without it and only the sweep of dead
 *   runs (orphan-sweep.ts) catches them;
 * - in a process group of their own, so that a terminal's Ctrl-C reaches lunar-sim alone, which stops them in
 *   order and removes their files (a promtool hit by SIGINT itself leaves its temp dirs behind);
 * - with TMPDIR inside the Scratch, so that whatever they write there is removed with it.
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Scratch } from './scratch.js';

const PARENT_DEATH_SIGNAL = ['setpriv', '--pdeathsig', 'KILL', '--'];
let parentDeathPrefix: string[] | undefined;

/** `setpriv --pdeathsig KILL --` when this system's setpriv has the option (probed once per process), else nothing. */
export function parentDeathGuard(): string[] {
  if (parentDeathPrefix === undefined) {
    const probe = spawnSync(PARENT_DEATH_SIGNAL[0], [...PARENT_DEATH_SIGNAL.slice(1), 'true'], { stdio: 'ignore' });
    parentDeathPrefix = probe.status === 0 ? PARENT_DEATH_SIGNAL : [];
  }
  return parentDeathPrefix;
}

export interface ChildOptions {
  stdio: StdioOptions;
  cwd?: string;
  /** Added to lunar-sim's own environment (TMPDIR is always the Scratch's). */
  env?: NodeJS.ProcessEnv;
}

/** Starts `bin` as a child that dies with lunar-sim and is stopped and cleaned up with `scratch`. */
export function spawnChild(bin: string, args: readonly string[], scratch: Scratch, options: ChildOptions): ChildProcess {
  const [command, ...rest] = [...parentDeathGuard(), bin, ...args];
  const child = spawn(command, rest, {
    cwd: options.cwd,
    stdio: options.stdio,
    detached: true,
    env: { ...process.env, ...options.env, TMPDIR: scratch.childTmpDir() },
  });
  return scratch.track(child);
}
