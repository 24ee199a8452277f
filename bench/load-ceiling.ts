/**
 * The load generator's ceiling, by one rule (load-rate.ts), against two targets — a do-nothing node:http server and
 * the simulator's endpoint on the instant profile — with the client (this process) on CPU 0 and the server on CPU 1,
 * each beside the closed-loop maximum of the same target measured just before: the most answers per second that
 * target gives at all, so the ratio says how much of the target an open-model run can use.
 */
import { closedLoop } from './http-pair.js';
import { pinned, startServer, startSimulator, unpinSelf, type BenchServer } from './http-servers.js';
import { loadCeiling } from './load-rate.js';

type Line = (label: string, value: string, note?: string) => void;

const CLOSED_LOOP_MS = 3000;
const CLOSED_LOOP_CONNECTIONS = 50;
/** Issue 21: an open-model generator that holds 10,000/s from one core against a do-nothing target. */
const TARGET_RATE = 10_000;

const perSecond = (x: number): string => `${Math.round(x).toLocaleString('en-US')}/s`;

async function measure(line: Line, label: string, target: BenchServer, mode: string): Promise<number> {
  await closedLoop(target.url, 1000, CLOSED_LOOP_CONNECTIONS); // warm up (JIT, connections)
  const closed = await closedLoop(target.url, CLOSED_LOOP_MS, CLOSED_LOOP_CONNECTIONS);
  const ceiling = await loadCeiling(target.url);
  const value = ceiling.rate === 0 ? 'none held' : perSecond(ceiling.rate);
  line(`load ceiling (open model), ${label}`, value,
    `${(ceiling.rate / closed.rate).toFixed(2)}× the closed-loop maximum of the same target measured just before (${perSecond(closed.rate)}: ` +
      `${CLOSED_LOOP_CONNECTIONS} connections, undici, each request after the previous answer); rule: 0 dropped, 0 failed, ≤ 1 % sent > 10 ms late, 3 s steps; ` +
      `${mode}; target ≥ ${perSecond(TARGET_RATE)} against the do-nothing server`);
  for (const step of ceiling.steps) console.log(`${''.padEnd(48)}${step}`);
  return ceiling.rate;
}

/** Measures against `start()`'s server alone on CPU 1 (another server idling there would take its share), then stops it. */
async function alone(line: Line, label: string, start: () => Promise<BenchServer>): Promise<number> {
  const server = await start();
  const pin = pinned([server.child.pid!]);
  const mode = pin ? 'client on CPU 0, server alone on CPU 1 (taskset)' : 'client and server sharing the cores (no taskset)';
  try {
    return await measure(line, label, server, mode);
  } finally {
    server.child.kill('SIGTERM');
    if (pin) unpinSelf();
  }
}

export async function loadCeilings(line: Line): Promise<void> {
  const reference = await alone(line, 'do-nothing node:http server', () => startServer(process.execPath, ['--import', 'tsx', 'bench/noop-http-server.ts']));
  const endpoint = await alone(line, 'simulator, instant profile', () => startSimulator(true));
  const ratio = reference === 0 ? '–' : `${(endpoint / reference).toFixed(2)}×`;
  line('load ceiling: simulator / do-nothing', ratio, 'the two ceilings above, same run, same rule (target ≥ 0.7×)');
}
