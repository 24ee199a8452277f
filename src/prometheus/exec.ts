/** Runs a short-lived tool (promtool, amtool) and collects its output; never throws on a non-zero exit. */
import { spawn } from 'node:child_process';
import { ChildProcessError } from '../errors.js';
import type { Scratch } from './scratch.js';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin`; when a Scratch is given the child is tracked, so Ctrl-C or an error stops it too. */
export function exec(
  bin: string,
  args: readonly string[],
  options: { input?: string; cwd?: string; scratch?: Scratch } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    // No stdin unless there is input: a child that exits before reading it would make writing it fail (EPIPE).
    const child = spawn(bin, args, { cwd: options.cwd, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    options.scratch?.track(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(new ChildProcessError(`cannot run ${bin}: ${e.message}`)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    if (options.input !== undefined) {
      child.stdin!.on('error', () => {}); // the exit code says what went wrong
      child.stdin!.end(options.input);
    }
  });
}
