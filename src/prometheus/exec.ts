/**
 * Runs a short-lived tool (promtool, amtool) and collects its output; never throws on a non-zero exit. Every call
 * has a time limit: a tool that hangs is killed and reported, it never hangs lunar-sim.
 */
import path from 'node:path';
import { formatDuration, parseDuration } from '../core/units.js';
import { ChildProcessError, UsageError } from '../errors.js';
import { spawnChild } from './child.js';
import { signalChild, withScratch, type Scratch } from './scratch.js';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** How long the call may take before it is killed; LUNAR_SIM_CHILD_TIMEOUT replaces it when set. */
  timeoutMs: number;
  input?: string;
  cwd?: string;
  /** The run the child belongs to (stopped with it on Ctrl-C or error); by default a Scratch of the call's own. */
  scratch?: Scratch;
}

export const CHILD_TIMEOUT_ENV = 'LUNAR_SIM_CHILD_TIMEOUT';
/** Longer than any call lunar-sim makes, and far below the 24.8 days a Node timer can hold. */
const MAX_TIMEOUT_MS = 86_400_000;

/** The time limit of a child call: `defaultMs`, or LUNAR_SIM_CHILD_TIMEOUT (a duration such as 90s or 30m). */
export function childTimeoutMs(defaultMs: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[CHILD_TIMEOUT_ENV];
  if (text === undefined || text.trim() === '') return defaultMs;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0 || ms > MAX_TIMEOUT_MS) {
    throw new UsageError(`${CHILD_TIMEOUT_ENV}=${text}: expected a duration above 0 and at most 24h, such as 90s or 30m`);
  }
  return ms;
}

/** Runs `bin args`; the child dies with lunar-sim, and is killed when it outlives its time limit. */
export async function exec(bin: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const { scratch } = options;
  if (!scratch) return withScratch((own) => exec(bin, args, { ...options, scratch: own }));
  const limitMs = childTimeoutMs(options.timeoutMs);
  const call = [path.basename(bin), ...args.slice(0, 2)].join(' ');
  return new Promise((resolve, reject) => {
    // No stdin unless there is input: a child that exits before reading it would make writing it fail (EPIPE).
    const stdin = options.input === undefined ? 'ignore' : 'pipe';
    const child = spawnChild(bin, args, scratch, { cwd: options.cwd, stdio: [stdin, 'pipe', 'pipe'] });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalChild(child, 'SIGKILL');
    }, limitMs);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ChildProcessError(`cannot run ${bin}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new ChildProcessError(`${call} did not finish within ${formatDuration(limitMs)} and was stopped (${CHILD_TIMEOUT_ENV} sets the limit)`));
      } else {
        resolve({ code: code ?? 1, stdout, stderr });
      }
    });
    if (options.input !== undefined) {
      child.stdin!.on('error', () => {}); // the exit code says what went wrong
      child.stdin!.end(options.input);
    }
  });
}
