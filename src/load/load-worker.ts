/**
 * A worker thread of `load --workers N`: runs its share of the arrivals (workers.ts) and posts its tally back —
 * counters and HDR histograms, which structured cloning carries across threads whole — or the error that ended it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LunarSimError } from '../errors.js';
import { runLoad, type LoadPlan } from './runner.js';

const controller = new AbortController();
parentPort!.on('message', (message) => {
  if (message === 'stop') controller.abort();
});
try {
  const run = await runLoad({ ...(workerData.plan as LoadPlan), signal: controller.signal });
  parentPort!.postMessage({ tally: run.tally, stopReason: run.stopReason, elapsedMs: run.elapsedMs });
} catch (e) {
  const error = e instanceof LunarSimError ? { code: e.code, message: e.message, exitCode: e.exitCode } : { code: 'LSIM_LOAD_WORKER', message: String(e), exitCode: 2 };
  parentPort!.postMessage({ error });
}
parentPort!.close();
