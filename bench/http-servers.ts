/**
 * The two servers the HTTP figures compare: the do-nothing fastify route (bench/noop-server.ts) and the simulator's
 * endpoint (`lunar-sim run baseline --traffic external`, from the build) with a profile whose generations take no
 * simulated time, so that both answer as fast as they can. Each in its own process, whose pid the CPU readings use.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

export interface BenchServer {
  child: ChildProcess;
  url: string;
}

export function startServer(command: string, args: string[]): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const listening = (d: Buffer): void => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      // From here on its output (the status line) is read and dropped: a full pipe would stall the server.
      child.stdout!.off('data', listening).on('data', () => {});
      resolve({ child, url: m[1] });
    };
    child.stdout!.on('data', listening);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
  });
}

const zero = { median: '0s', sigma: 0 };
/** As fast as the profile's bounds allow: one output token at 100,000 tokens per second (10 µs). */
const INSTANT_PROFILE = {
  cache: { latency: zero },
  claude: { ttft: zero, error_latency: zero, output_tokens: { median: 1, sigma: 0 }, tokens_per_second: { median: 100_000, sigma: 0 } },
  templates: { latency: zero },
};

/**
 * The simulator's endpoint; `instant`: on the instant profile (the pair's), else on the scenario's own (slow) one.
 */
export async function startSimulator(instant: boolean): Promise<BenchServer> {
  const sim = await startServer(process.execPath, ['bin/lunar-sim.js', 'run', 'baseline', '--traffic', 'external', '--port', '0']);
  if (!instant) return sim;
  const put = await fetch(`${sim.url}/api/v1/profile`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(INSTANT_PROFILE) });
  if (!put.ok) {
    sim.child.kill('SIGTERM');
    throw new Error(`profile change refused: ${await put.text()}`);
  }
  return sim;
}

export interface ServerPair {
  noop: BenchServer;
  sim: BenchServer;
  pids: [noop: number, sim: number];
  stop(): void;
}

/** Starts both servers, the simulator on the instant profile. */
export async function startPair(): Promise<ServerPair> {
  // tsx registered in-process: the pid is the server's own, so its CPU can be read from /proc.
  const noop = await startServer(process.execPath, ['--import', 'tsx', 'bench/noop-server.ts']);
  const sim = await startSimulator(true).catch((e: unknown) => {
    noop.child.kill('SIGTERM');
    throw e;
  });
  return {
    noop,
    sim,
    pids: [noop.child.pid!, sim.child.pid!],
    stop: () => {
      noop.child.kill('SIGTERM');
      sim.child.kill('SIGTERM');
    },
  };
}

/** Every thread of this process on CPU 0 and of the servers on CPU 1 (util-linux taskset); false where it cannot. */
export function pinned(servers: readonly number[]): boolean {
  if (os.cpus().length < 2) return false;
  try {
    for (const pid of servers) execFileSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** This process back on every CPU. */
export function unpinSelf(): void {
  execFileSync('taskset', ['-a', '-p', '-c', `0-${os.cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' });
}
