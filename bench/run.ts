/**
 * `npm run bench`: the figures that matter, measured in this run. Nothing here asserts: it prints.
 * - simulated generations per second on the virtual clock (target ≥ 1,000,000 on one core), against a baseline
 *   loop that only draws the same number of random numbers, measured in the same run;
 * - /metrics render time for the baseline scenario's registry, against prom-client rendering a registry of its own
 *   native metrics with the same series;
 * - the virtual run + OpenMetrics writing time of the baseline scenario (48 h of samples).
 */
import { performance } from 'node:perf_hooks';
import { Counter, Registry } from 'prom-client';
import { RandomSource } from '../src/core/random.js';
import { Exposition } from '../src/metrics/exposition.js';
import { writeOpenMetrics } from '../src/metrics/openmetrics-writer.js';
import { loadScenario } from '../src/scenario/catalogue.js';
import { runVirtual } from '../src/runtime/virtual-run.js';

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

async function timeAsync(f: () => Promise<unknown>, repeat: number): Promise<number> {
  for (let i = 0; i < 20; i++) await f();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) await f();
  return (performance.now() - t0) / repeat;
}

function line(label: string, value: string, note = ''): void {
  console.log(`${label.padEnd(44)} ${value.padStart(16)}  ${note}`);
}

async function main(): Promise<void> {
  console.log(`lunar-sim bench — node ${process.version}, one core per measurement\n`);

  // 1. Virtual-time throughput: a flat 6,000/s for one simulated hour, no shape, no warm-up.
  const flat = loadScenario('baseline');
  flat.traffic = { rate: 6000 };
  flat.warmup = 0;
  flat.duration = 3_600_000;
  flat.step = 60_000;
  runVirtual({ ...flat, duration: 300_000 }); // warm the JIT
  const sim = time(() => runVirtual(flat));
  const perSecond = sim.value.generations / (sim.ms / 1000);
  const draws = time(() => {
    const s = new RandomSource(1).stream('x');
    let acc = 0;
    for (let i = 0; i < sim.value.generations * 8; i++) acc += s.next();
    return acc;
  });
  line('simulated generations / s (virtual clock)', Math.round(perSecond).toLocaleString('en-US'), `target ≥ 1,000,000; ${sim.value.generations.toLocaleString('en-US')} generations in ${sim.ms.toFixed(0)} ms`);
  line('  vs. 8 bare random draws per generation', `${(draws.ms / sim.ms).toFixed(2)}×`, `(${draws.ms.toFixed(0)} ms: the floor any pipeline pays)`);

  // 2. /metrics render time for the baseline, against prom-client's own counters with as many series.
  const baseline = runVirtual(loadScenario('baseline'));
  const exposition = new Exposition(baseline.recorder.store);
  const renderMs = await timeAsync(() => exposition.render('prometheus'), 500);
  const native = new Registry();
  const seriesCount = baseline.log.columns.length;
  const counter = new Counter({ name: 'bench_native_total', help: 'bench', labelNames: ['i'], registers: [native] });
  for (let i = 0; i < seriesCount; i++) counter.inc({ i: String(i) }, i);
  const nativeMs = await timeAsync(() => native.metrics(), 500);
  line('/metrics render (baseline, Prometheus text)', `${(renderMs * 1000).toFixed(0)} µs`, `${seriesCount} samples; prom-client native counters with as many: ${(nativeMs * 1000).toFixed(0)} µs (ratio ${(renderMs / nativeMs).toFixed(2)})`);
  const omMs = await timeAsync(() => exposition.render('openmetrics'), 500);
  line('/metrics render (baseline, OpenMetrics)', `${(omMs * 1000).toFixed(0)} µs`);

  // 3. The baseline scenario end to end in virtual time, and its backfill text.
  const run = time(() => runVirtual(loadScenario('baseline')));
  let bytes = 0;
  const write = time(() => writeOpenMetrics(run.value.log, (c) => (bytes += c.length)));
  line('baseline virtual run (48 h incl. warm-up)', `${run.ms.toFixed(0)} ms`, `${run.value.generations.toLocaleString('en-US')} generations`);
  line('baseline OpenMetrics backfill text', `${write.ms.toFixed(0)} ms`, `${write.value.toLocaleString('en-US')} samples, ${(bytes / 1e6).toFixed(1)} MB`);
}

await main();
