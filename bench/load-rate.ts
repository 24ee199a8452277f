/**
 * The bench's measure of `lunar-sim load`: the highest constant arrival rate it holds against a target, found by
 * stepping the rate. A rate is held when every arrival was sent (no drop), nothing failed, and the sends kept
 * ≥ 95 % of the rate over the run (late sends stretch the span and lower it).
 */
import { buildReport, type LoadReport } from '../src/load/report.js';
import { endpointUrl, runLoad } from '../src/load/runner.js';
import { constantSchedule } from '../src/load/schedule.js';

const STEP_MS = 5000;

/** One run of `load` at `rate`/s for `ms`, with the CLI's defaults for the cap, grace and timeout. */
export async function loadAt(base: string, rate: number, ms = STEP_MS): Promise<LoadReport> {
  const run = await runLoad({
    url: endpointUrl(base),
    schedule: constantSchedule(rate, ms),
    arrivals: 'constant',
    seed: 7,
    maxInFlight: 1000,
    graceMs: 30_000,
    timeoutMs: 120_000,
  });
  return buildReport(run);
}

export function held(r: LoadReport): boolean {
  const achieved = r.sendRate.achieved ?? 0;
  return r.arrivals.dropped.total === 0 && r.failures.total === 0 && achieved >= 0.95 * r.schedule.meanRate;
}

/**
 * Doubles the rate from `start` until it is not held, then tries 1.5× the last rate held (or halves from `start` when
 * even that is not held): the highest rate held, to within a factor 1.5.
 */
export async function highestHeldRate(base: string, start = 500, ceiling = 20_000): Promise<{ rate: number; steps: string[] }> {
  const steps: string[] = [];
  const attempt = async (rate: number): Promise<boolean> => {
    const r = await loadAt(base, rate);
    const ok = held(r);
    steps.push(`${rate}/s ${ok ? 'held' : 'not held'} (sent ${r.sendRate.achieved?.toFixed(0) ?? '–'}/s, dropped ${r.arrivals.dropped.total}, failed ${r.failures.total}, send lag p99 ${r.sendLagMs.p99.toFixed(0)} ms)`);
    return ok;
  };
  let best = 0;
  let rate = start;
  while (rate <= ceiling && (await attempt(rate))) {
    best = rate;
    rate *= 2;
  }
  if (best > 0 && rate <= ceiling && (await attempt(Math.round(best * 1.5)))) best = Math.round(best * 1.5);
  for (rate = start / 2; best === 0 && rate >= 50; rate /= 2) if (await attempt(rate)) best = rate;
  return { rate: best, steps };
}
