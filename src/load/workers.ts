/**
 * `load --workers N`: one schedule spread over N worker threads, each sending every N-th arrival on its own event
 * loop and connections, with its share of the in-flight cap. Their tallies are merged exactly (counts add, HDR
 * histograms merge), so the report reads as one run's. Past one machine, k6's distributed execution is the way
 * (docs/cli.md).
 */
import { Worker } from 'node:worker_threads';
import { LunarSimError, type ExitCodeValue } from '../errors.js';
import type { LoadPlan, LoadRun, StopReason } from './runner.js';
import { LoadTally } from './tally.js';

interface WorkerResult {
  tally?: LoadTally;
  stopReason?: StopReason;
  elapsedMs?: number;
  error?: { code: string; message: string; exitCode: ExitCodeValue };
}

/** The worker's module: the built one next to this chunk, or the TypeScript source through tsx's loader. */
function startWorker(workerData: unknown): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(new URL('./load-worker.js', import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./load-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData });
}

function resultOf(worker: Worker): Promise<WorkerResult> {
  return new Promise((resolve) => {
    let result: WorkerResult | null = null;
    worker.on('message', (m: WorkerResult) => (result = m));
    worker.on('error', (e) => (result ??= { error: { code: 'LSIM_LOAD_WORKER', message: `a load worker failed: ${e.message}`, exitCode: 2 } }));
    worker.on('exit', () => resolve(result ?? { error: { code: 'LSIM_LOAD_WORKER', message: 'a load worker exited without a result', exitCode: 2 } }));
  });
}

/** Runs `plan` over `count` worker threads and merges what they measured. */
export async function runLoadInWorkers(plan: LoadPlan, count: number): Promise<LoadRun> {
  const { signal, onProgress: _progress, ...data } = plan;
  const maxInFlight = Math.max(1, Math.floor(plan.maxInFlight / count));
  const workers = Array.from({ length: count }, (_, index) => startWorker({ plan: { ...data, maxInFlight, partition: { index, count } } }));
  const stopAll = (): void => workers.forEach((w) => w.postMessage('stop'));
  signal?.addEventListener('abort', stopAll, { once: true });
  const pending = workers.map(async (w) => {
    const r = await resultOf(w);
    if (r.error) stopAll(); // a refusal (401/403) in one stops the others at once
    return r;
  });
  const results = await Promise.all(pending);
  signal?.removeEventListener('abort', stopAll);
  const failed = results.find((r) => r.error);
  if (failed?.error) throw new LunarSimError(failed.error.code, failed.error.message, failed.error.exitCode);
  const tally = new LoadTally(plan.objectiveMs);
  for (const r of results) tally.absorb(r.tally!);
  const interrupted = signal?.aborted || results.some((r) => r.stopReason === 'interrupted');
  return {
    plan,
    tally,
    stopReason: interrupted ? 'interrupted' : results[0].stopReason!,
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs!)),
  };
}
