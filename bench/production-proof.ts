/**
 * `npm run bench -- production`: what `calibrate` and `backtest` cost against a Prometheus holding production-like
 * history — the baseline's series (its cardinality) over 30 days, laid by remote write into a real Prometheus, then
 * `calibrate` of the last 7 days and `backtest` of the shipped rules over the 30 days, each with the samples the
 * window holds per second of wall time. The reference in the same run: the push of that history (samples/s), the
 * cost of putting the data there at all.
 */
import { performance } from 'node:perf_hooks';
import { backtest } from '../src/backtest/backtest.js';
import { serveByRemoteWrite } from '../src/backfill/remote-write-backfill.js';
import { calibrate } from '../src/calibrate/calibrate.js';
import { PROMETHEUS, findBinary } from '../src/prometheus/binaries.js';
import { withScratch } from '../src/prometheus/scratch.js';
import { seriesAcrossPods } from '../src/remote-write/push-history.js';
import { planHistory } from '../src/remote-write/time-axis.js';
import { runVirtual } from '../src/runtime/virtual-run.js';
import { loadScenario } from '../src/scenario/catalogue.js';
import { loadRuleFile, DEFAULT_RULES_FILE } from '../src/verify/rules.js';

type Line = (label: string, value: string, note?: string) => void;

const DAY = 86_400_000;

/** Samples of the run inside [fromMs, toMs]: every series has one per step (the window's share of the history). */
function samplesIn(series: number, fromMs: number, toMs: number, stepMs: number): number {
  return series * Math.floor((toMs - fromMs) / stepMs);
}

/** Prints the three figures; needs prometheus. */
export async function productionProof(line: Line): Promise<void> {
  const prometheus = findBinary(PROMETHEUS);
  if (!prometheus) {
    line('production (calibrate, backtest)', 'skipped', 'needs prometheus');
    return;
  }
  const plan = planHistory(loadScenario('baseline'), { to: 29 * DAY }, Date.now(), seriesAcrossPods);
  const run = runVirtual(plan.scenario);
  const series = run.log.columns.length;
  const step = plan.scenario.step;
  await withScratch(async (scratch) => {
    const t0 = performance.now();
    const served = await serveByRemoteWrite(prometheus, run.log, { fromMs: plan.fromMs, toMs: plan.toMs, stepMs: step }, scratch);
    const pushS = (performance.now() - t0) / 1000;
    const all = served.samples;
    line('production: history pushed (reference)', `${(all / pushS / 1e3).toFixed(0)} k samples/s`, `baseline, ${series} series over 30 d: ${(all / 1e6).toFixed(1)} M samples in ${pushS.toFixed(1)} s`);
    const week = { fromMs: plan.toMs - 7 * DAY, toMs: plan.toMs };
    const t1 = performance.now();
    const c = await calibrate(served.prometheus.url, week, 'bench');
    const calS = (performance.now() - t1) / 1000;
    const weekSamples = samplesIn(series, week.fromMs, week.toMs, step);
    line('production: calibrate 7 d', `${(weekSamples / calS / 1e6).toFixed(2)} M samples/s`, `${calS.toFixed(1)} s for ${(weekSamples / 1e6).toFixed(1)} M samples; ${c.incidents.length} incident(s) found; ${((weekSamples / calS) / (all / pushS)).toFixed(1)}× the push's rate`);
    const rules = loadRuleFile(DEFAULT_RULES_FILE);
    const month = { fromMs: plan.fromMs + DAY, toMs: plan.toMs };
    const t2 = performance.now();
    const b = await backtest(served.prometheus.url, rules, month);
    const btS = (performance.now() - t2) / 1000;
    const monthSamples = samplesIn(series, month.fromMs, month.toMs, step);
    const firings = b.alerts.reduce((n, a) => n + a.firings.length, 0);
    line('production: backtest 29 d', `${(monthSamples / btS / 1e6).toFixed(2)} M samples/s`, `${btS.toFixed(1)} s, ${rules.alerts.length} alerts (${firings} firings) over ${(monthSamples / 1e6).toFixed(1)} M samples; ${((monthSamples / btS) / (all / pushS)).toFixed(1)}× the push's rate`);
  });
}
