/**
 * A throwaway Prometheus on 127.0.0.1 over backfilled blocks: no scrape targets, retention of 100 years (retention
 * counts from the newest block, and simulated data may be old), any free port. Stopped by its Scratch.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChildProcessError } from '../errors.js';
import { spawnChild } from './child.js';
import type { Scratch } from './scratch.js';

export interface PrometheusInstance {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Its process id (the bench reads its peak memory from /proc). */
  pid: number;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts Prometheus over the TSDB in `dataDir` (which it will own and may compact) and waits until it is ready.
 * `configYaml` defaults to no scrape targets at all (backfilled data only); `extraArgs` are passed on as they are.
 */
export async function startPrometheus(
  bin: string,
  dataDir: string,
  scratch: Scratch,
  configYaml = 'global: {}\nscrape_configs: []\n',
  extraArgs: readonly string[] = [],
): Promise<PrometheusInstance> {
  const config = path.join(scratch.tempDir('config'), 'prometheus.yml');
  writeFileSync(config, configYaml);
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${dataDir}`,
    '--storage.tsdb.retention.time=100y',
    '--web.listen-address=127.0.0.1:0',
    '--log.level=info',
    ...extraArgs,
  ];
  const child = spawnChild(bin, args, scratch, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ChildProcessError(`prometheus did not start in ${READY_TIMEOUT_MS / 1000}s: ${tail(log)}`)), READY_TIMEOUT_MS);
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ChildProcessError(`prometheus exited (code ${code}) before listening: ${tail(log)}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url);
  return { url, pid: child.pid! };
}

async function waitReady(url: string): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      // not listening yet, or too slow to answer: ask again until the deadline
    }
    if (performance.now() > deadline) throw new ChildProcessError(`prometheus at ${url} never became ready`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tail(log: string): string {
  return log.trim().split('\n').slice(-3).join(' | ');
}
