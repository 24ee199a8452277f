/** Spawns the real `lunar-sim` bin, as a user would run it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/lunar-sim.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, ...options.env },
    timeout: options.timeout ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Like runCli, without blocking this process: for tests whose own servers (a receiver, a proxy) must answer the
 * CLI while it runs.
 */
export function runCliAsync(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Its own process group, so a test can signal the group as a terminal's Ctrl-C does. */
  detached?: boolean;
  cwd?: string;
}

/** Starts `command` with stdout and stderr collected together. */
export function startProcess(command: string, args: string[], options: StartOptions = {}): RunningCli {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
    detached: options.detached,
    cwd: options.cwd,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const m = out.match(pattern);
          if (m) {
            clearInterval(poll);
            resolve(m);
          } else if (Date.now() - started > ms || child.exitCode !== null || child.signalCode !== null) {
            clearInterval(poll);
            reject(new Error(`never saw ${pattern} in:\n${out}`));
          }
        }, 20);
      }),
  };
}

/** Starts the real bin, as a user would. */
export function startCli(args: string[], options: StartOptions = {}): RunningCli {
  return startProcess(process.execPath, [BIN, ...args], options);
}
