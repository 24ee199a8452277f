/**
 * The bench's measure of `lunar-sim load` (the library, in this process): the highest constant arrival rate it holds
 * against a target by one rule — every arrival sent (0 dropped), nothing failed, and at most 1 % of the requests sent
 * more than 10 ms after their due time — found by doubling from 1,000/s in 3 s steps, then by bisection between
 * the last rate held and the first not held, to 1,000/s.
 */
import { buildReport, type LoadReport } from '../src/load/report.js';
import { endpointUrl, runLoad } from '../src/load/runner.js';
import { constantSchedule } from '../src/load/schedule.js';

const STEP_MS = 3000;
const WARM_UP_RATES = [1000, 4000, 8000];
/** The bisection stops when the rates held and not held are this close, per second. */
const RESOLUTION = 1000;
/** The share of requests that may be sent more than LATE_SEND_MS (10 ms) late. */
const MAX_LATE_SHARE = 0.01;

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

/** The rule (see the file comment). */
export function held(r: LoadReport): boolean {
  return r.arrivals.dropped.total === 0 && r.failures.total === 0 && r.arrivals.late <= MAX_LATE_SHARE * r.arrivals.sent;
}

function describe(rate: number, r: LoadReport, ok: boolean): string {
  const late = ((100 * r.arrivals.late) / Math.max(1, r.arrivals.sent)).toFixed(1);
  return `${rate}/s ${ok ? 'held' : 'not held'} (sent ${r.arrivals.sent} of ${r.arrivals.due}, dropped ${r.arrivals.dropped.total}, failed ${r.failures.total}, ` +
    `${late} % > 10 ms late, send lag p99 ${r.sendLagMs.p99.toFixed(1)} ms, ${r.connectionsOpened} connections)`;
}

/** The highest rate held by the rule, within the bisection's step, and each step taken. */
export async function loadCeiling(base: string, start = 1000, max = 20_000): Promise<{ rate: number; steps: string[] }> {
  const steps: string[] = [];
  const attempt = async (rate: number): Promise<boolean> => {
    const r = await loadAt(base, rate);
    const ok = held(r);
    steps.push(describe(rate, r, ok));
    return ok;
  };
  // Warm the JIT on the send path first, at rates up to the one the target is for: V8 compiles the hot code in the
  // first few hundred thousand requests, on the same core when the client is pinned, and a step measured before that
  // says how fast the compiler is, not the generator (measured: the first 3 s at 8,000/s 6 % late, the next 0 %).
  for (const rate of WARM_UP_RATES) await loadAt(base, rate, 2000);
  let best = 0;
  let rate = start;
  while (rate <= max && (await attempt(rate))) {
    best = rate;
    rate = Math.min(max + 1, rate * 2);
  }
  if (best === 0) {
    for (rate = start / 2; best === 0 && rate >= 125; rate /= 2) if (await attempt(rate)) best = rate;
    return { rate: best, steps };
  }
  // Bisect between the last rate held and the first not held, down to RESOLUTION.
  let failedAt = Math.min(rate, max);
  while (failedAt - best > RESOLUTION) {
    const middle = Math.round((best + failedAt) / 2 / 100) * 100;
    if (await attempt(middle)) best = middle;
    else failedAt = middle;
  }
  return { rate: best, steps };
}
