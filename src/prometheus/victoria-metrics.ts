/**
 * A throwaway VictoriaMetrics single node on 127.0.0.1, stopped (and its data dir removed) with its Scratch. It takes
 * Prometheus remote write at `/api/v1/write` (old timestamps too) and answers the Prometheus query API in MetricsQL.
 * Two things differ from a Prometheus here: it logs no port when given port 0 (a port free a moment ago is taken, and
 * the start retried if something took it meanwhile), and samples just written become queryable only after its
 * in-memory buffers are flushed (`flush()`; `-search.latencyOffset=0s` so that recent samples are not hidden either).
 */
import path from 'node:path';
import { ChildProcessError } from '../errors.js';
import { freePort } from './alertmanager.js';
import { spawnChild } from './child.js';
import type { Scratch } from './scratch.js';

const READY_TIMEOUT_MS = 20_000;
const STARTS = 2;

export interface VictoriaMetricsInstance {
  /** e.g. http://127.0.0.1:41234: the query API's base, and `${url}/api/v1/write` for remote write. */
  url: string;
  /** Makes every sample received so far visible to queries. */
  flush(): Promise<void>;
}

function lastLines(log: string): string {
  return log.trim().split('\n').slice(-2).join(' | ');
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false; // not listening yet
  }
}

/** One start on a fresh port: the instance, or null when the port was taken meanwhile. */
async function startOn(bin: string, scratch: Scratch): Promise<VictoriaMetricsInstance | null> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `-storageDataPath=${path.join(scratch.tempDir('victoria-metrics'), 'data')}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    // Retention counts from now: simulated history may be years old.
    '-retentionPeriod=100y',
    '-search.latencyOffset=0s',
  ];
  const child = spawnChild(bin, args, scratch, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  for (const deadline = performance.now() + READY_TIMEOUT_MS; performance.now() < deadline; ) {
    if (child.exitCode !== null) {
      if (/address already in use/.test(log)) return null;
      throw new ChildProcessError(`victoria-metrics exited (code ${child.exitCode}): ${lastLines(log)}`);
    }
    if (await healthy(url)) return { url, flush: () => flush(url) };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ChildProcessError(`victoria-metrics did not become healthy in ${READY_TIMEOUT_MS / 1000}s: ${lastLines(log)}`);
}

async function flush(url: string): Promise<void> {
  const r = await fetch(`${url}/internal/force_flush`);
  if (!r.ok) throw new ChildProcessError(`victoria-metrics refused to flush: HTTP ${r.status}`);
}

/** Starts VictoriaMetrics (stopped by `scratch`) and waits until it is healthy. */
export async function startVictoriaMetrics(bin: string, scratch: Scratch): Promise<VictoriaMetricsInstance> {
  for (let attempt = 0; attempt < STARTS; attempt++) {
    const vm = await startOn(bin, scratch);
    if (vm) return vm;
  }
  throw new ChildProcessError('victoria-metrics found no free port on 127.0.0.1');
}
