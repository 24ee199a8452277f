/**
 * `npm run bench`: the figures that matter, measured in this run, each against a reference measured in the same
 * run where one exists. Nothing here asserts: it prints.
 * 1. simulated generations per second on the virtual clock (target ≥ 1,000,000 on one core);
 * 2. /metrics render time for the baseline, against a prom-client registry with the same families and series;
 * 3. verify: the whole scenario library, and per scenario (simulate, backfill, query) — needs prometheus/promtool;
 * 4. (load) the load generator's ceiling by one rule — 0 dropped, 0 failed, ≤ 1 % of requests sent > 10 ms late —
 *    against a do-nothing node:http server and against the simulator's endpoint (instant profile), client on one core
 *    and server on the other, each beside the closed-loop maximum of the same target (bench/load-ceiling.ts); then
 *    `load` at 2,000/s against the baseline profile, with what it dropped and why;
 *    (http) the endpoint against a do-nothing fastify route in interleaved closed-loop rounds over three fresh
 *    launches of both (min, median and max of the ratio, each server's CPU per answer), sharing the cores, then with
 *    the client on one core and the servers on the other;
 * 5. the scaling table: verify over 24 h to 30 d, 12 to 60,000/min, 1 or 5 replicas, with a user label; and a live
 *    run at 60,000/min × 1000: /healthz latency and the lag the status reports;
 * 6. backfill paths: the same virtual run (baseline over 48 h, 7 d, 30 d) into a queryable Prometheus through
 *    promtool's OpenMetrics backfill and through remote write, with samples/s and peak RSS (bench/backfill-paths.ts);
 * 7. production: calibrate of 7 days and backtest of 30 days of the baseline's series in a real Prometheus, in samples/s
 *    against the push that put them there (bench/production-proof.ts);
 * 8. start-up of `list`, `--help` and `validate baseline` against `node -e 0` (target ≤ 2.5× from the build).
 * `npm run bench` alone runs the sections that take seconds (simulation, rendering, load, startup); name others, or `all`.
 */
import { execFileSync } from 'node:child_process';
import { ruleNames } from '../src/scenario/expectations.js';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatDuration } from '../src/core/units.js';
import { Exposition } from '../src/metrics/exposition.js';
import { PROMETHEUS, PROMTOOL, findBinary } from '../src/prometheus/binaries.js';
import { loadScenario, scenarioNames } from '../src/scenario/catalogue.js';
import { runVirtual } from '../src/runtime/virtual-run.js';
import { DEFAULT_RULES_FILE } from '../src/verify/rules.js';
import { prepareVerify, verifyScenarios, type PreparedRules } from '../src/verify/verify-run.js';
import { allMutants } from '../src/mutate/all-mutants.js';
import { runMutation } from '../src/mutate/mutation-run.js';
import type { Scenario } from '../src/scenario/scenario.js';
import { loadAt } from './load-rate.js';
import { loadCeilings } from './load-ceiling.js';
import { median, overLaunches, type PairResult } from './http-pair.js';
import { startSimulator } from './http-servers.js';
import { heavyLive } from './live-heavy.js';
import { scalingTable } from './scaling.js';
import { backfillPaths } from './backfill-paths.js';
import { productionProof } from './production-proof.js';
import { startup } from './startup.js';
import { promClientMirror } from './prom-client-mirror.js';
import { builtEntry } from '../bin/built-cli.js';

function line(label: string, value: string, note = ''): void {
  console.log(`${label.padEnd(46)} ${value.padStart(14)}  ${note}`);
}

async function timeAsync(f: () => Promise<unknown>, repeat: number): Promise<number> {
  for (let i = 0; i < 20; i++) await f();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) await f();
  return (performance.now() - t0) / repeat;
}

/**
 * Generations per second of virtual time, in each mode: per generation (each request simulated, forced) — the figure
 * the target is for — and aggregate (what `auto` picks at this rate: counts drawn per step, no request simulated),
 * which says how far aggregate mode takes a run, not how fast one generation is simulated.
 */
function simulation(): void {
  const flat = loadScenario('baseline');
  flat.traffic = { rate: 6000 };
  flat.warmup = 0;
  flat.step = 60_000;
  for (const simulation of ['per-generation', 'auto'] as const) {
    runVirtual({ ...flat, duration: 300_000 }, { simulation }); // warm the JIT
    const t0 = performance.now();
    const run = runVirtual({ ...flat, duration: 3_600_000 }, { simulation });
    const ms = performance.now() - t0;
    line(`simulated generations / s, ${run.mode} mode`, Math.round(run.generations / (ms / 1000)).toLocaleString('en-US'),
      `${run.mode === 'aggregate' ? 'auto picks aggregate at 6,000/min: counts per step, not per request; no target' : 'each generation simulated; target ≥ 1,000,000 on one core'}; ` +
        `${run.generations.toLocaleString('en-US')} generations of 1 h virtual in ${ms.toFixed(0)} ms`);
  }
}

/** Median time per call of `a` and of `b`, over rounds that alternate between them (neither gets the warmer JIT). */
async function pairedTimes(a: () => Promise<unknown>, b: () => Promise<unknown>, rounds = 15, perRound = 100): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    for (const [i, f] of [a, b].entries()) times[i].push(await timeAsync(f, perRound));
  }
  return [median(times[0]), median(times[1])];
}

async function rendering(): Promise<void> {
  const baseline = runVirtual(loadScenario('baseline'));
  const exposition = new Exposition(baseline.recorder.store);
  const mirror = promClientMirror(baseline.recorder.store);
  const [renderMs, mirrorMs] = await pairedTimes(() => exposition.render('prometheus'), () => mirror.metrics());
  const lines = (await exposition.render('prometheus')).body.trimEnd().split('\n').length;
  line('/metrics render, baseline', `${(renderMs * 1000).toFixed(0)} µs`,
    `${lines} lines; ${(renderMs / mirrorMs).toFixed(2)}× prom-client rendering the same families and series (${(mirrorMs * 1000).toFixed(0)} µs: ` +
      'its counters, gauges and histograms, same buckets, labels and counts); medians of 15 alternating rounds');
}

async function verification(): Promise<void> {
  if (!findBinary(PROMETHEUS) || !findBinary(PROMTOOL)) {
    line('verify', 'skipped', 'prometheus/promtool not installed');
    return;
  }
  const prepared = await prepareVerify(DEFAULT_RULES_FILE);
  const scenarios = scenarioNames().map((n) => loadScenario(n, { rules: ruleNames(prepared.rules) }));
  const t0 = performance.now();
  const results = await verifyScenarios(scenarios, prepared);
  const wall = (performance.now() - t0) / 1000;
  line('verify --all (whole library)', `${wall.toFixed(1)} s`, `${scenarios.length} scenarios, 2 at a time; target < 60 s`);
  for (const r of results.sort((a, b) => b.timings.totalMs - a.timings.totalMs)) {
    const t = r.timings;
    const span = formatDuration(r.scenario.warmup + r.scenario.duration);
    line(`  ${r.scenario.name}`, `${(t.totalMs / 1000).toFixed(2)} s`,
      `${span} of data, ${r.samples.toLocaleString('en-US')} samples: simulate ${t.simulateMs.toFixed(0)} ms, backfill ${t.backfillMs.toFixed(0)} ms, query ${t.queryMs.toFixed(0)} ms`);
  }
  await mutation(prepared, scenarios, wall);
}

/** `mutate` over the whole library, against the verify --all just measured: target < 3× and ≥ 100 mutants. */
async function mutation(prepared: PreparedRules, scenarios: Scenario[], verifyWall: number): Promise<void> {
  const mutants = allMutants(prepared);
  const t0 = performance.now();
  const run = await runMutation(scenarios, prepared, mutants);
  const wall = (performance.now() - t0) / 1000;
  const killed = run.results.filter((r) => r.killedBy.length > 0).length;
  const queries = run.scenarios.reduce((n, x) => n + x.queries, 0);
  line('mutate (whole library)', `${wall.toFixed(1)} s`,
    `${mutants.length} mutants, ${killed} killed, ${queries} queries: ${(wall / verifyWall).toFixed(2)}× verify --all (target < 3×)`);
}

function pairLine(label: string, pair: PairResult): void {
  line(label, `min ${Math.min(...pair.ratios).toFixed(2)}×`,
    `median ${median(pair.ratios).toFixed(2)}× over ${pair.ratios.length} rounds of 2 s in ${pair.launchMedians.length} launches, 50 connections, closed loop (target ≥ 0.8, issue 21); ` +
      `max ${Math.max(...pair.ratios).toFixed(2)}×; each launch's median: ${pair.launchMedians.map((x) => x.toFixed(2)).join(' ')}; ` +
      `do-nothing ${Math.round(median(pair.reference)).toLocaleString('en-US')}/s, endpoint ${Math.round(median(pair.endpoint)).toLocaleString('en-US')}/s; ` +
      `server CPU per answer (median): do-nothing ${median(pair.referenceCpuUs!).toFixed(0)} µs, endpoint ${median(pair.endpointCpuUs!).toFixed(0)} µs; endpoint answers other than 200: ${pair.endpointRefused}`);
}

async function loadRates(): Promise<void> {
  await loadCeilings(line);
  // The acceptance run: 2,000/s against the simulator's own (slow) profile at speed 1.
  await slowProfileLoad();
}

async function httpPair(): Promise<void> {
  // Throughput against the do-nothing route, in alternating rounds so that both see the same machine, in fresh
  // processes (see http-pair.ts). Sharing both cores, the client is often the bottleneck; with it on one core and the
  // servers on the other, the servers are, and the ratio is their capacity's.
  pairLine('HTTP: endpoint / do-nothing route, interleaved', (await overLaunches(3, 3, false))!);
  const separate = await overLaunches(3, 3, true);
  if (separate) pairLine('HTTP: the same, client and servers on separate cores', separate);
}

async function slowProfileLoad(): Promise<void> {
  const slow = await startSimulator(false);
  try {
    const r = await loadAt(slow.url, 2000, 10_000);
    const d = r.arrivals.dropped;
    line('load --rate 2000/s, baseline profile, 10 s', `${(r.sendRate.achieved ?? 0).toFixed(0)}/s sent`,
      `${r.arrivals.sent} sent, ${d.total} dropped (cap 1000 reached: ${d.slow_answers} slow answers, ${d.generator_late} generator late, ` +
      `${d.target_down} target down, ${d.errors} errors); latency p50 ${r.latencyMs.p50.toFixed(0)} ms, p99 ${r.latencyMs.p99.toFixed(0)} ms; ` +
      `service p99 ${r.serviceMs.p99.toFixed(0)} ms; send lag p99 ${r.sendLagMs.p99.toFixed(0)} ms`);
  } finally {
    slow.child.kill('SIGTERM');
  }
}

async function scaling(): Promise<void> {
  if (!findBinary(PROMETHEUS) || !findBinary(PROMTOOL)) return;
  console.log('verify scaling (baseline stretched; each row in its own process; peak RSS of it, promtool and Prometheus):');
  await scalingTable(line);
}

async function liveUnderLoad(): Promise<void> {
  // Per generation, run refuses more than 50,000 generations per real second (LIMITS.liveGenerationsPerSecond): the
  // forced per-generation row runs at that bound, ×50.
  for (const [mode, speed] of [['auto', 1000], ['per-generation', 50]] as const) {
    const r = await heavyLive(mode, speed);
    const h = r.healthzMs;
    const s = r.status;
    line(`live 60,000/min × ${speed} (${s.simulation}): /healthz`, `p99 ${h.p99.toFixed(1)} ms`,
      `min ${h.min.toFixed(1)}, median ${h.median.toFixed(1)}, max ${h.max.toFixed(1)} ms over ${r.realSeconds.toFixed(0)} s (target < 100 ms); ` +
        `status: ${s.scenarioSeconds.toFixed(0)} s simulated, ${s.lagSeconds.toFixed(0)} s behind the clock, keepingUp ${s.keepingUp}`);
  }
}

/** How busy the machine is while the bench runs (other processes share its cores). */
function load(): string {
  return `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`;
}

/** The sections, in order; `npm run bench -- load startup` runs only those named, `npm run bench -- all` all of them. */
const SECTIONS: Record<string, () => unknown> = {
  simulation,
  rendering,
  verification,
  scaling,
  live: liveUnderLoad,
  load: loadRates,
  http: httpPair,
  backfill: () => backfillPaths(line),
  production: () => productionProof(line),
  startup: () => startup(line),
};
/** What `npm run bench` runs alone: the figures that take seconds each (a few minutes in all on 2 cores). */
const QUICK = ['simulation', 'rendering', 'load', 'startup'];
const args = process.argv.slice(2);
const wanted = args.includes('all') ? Object.keys(SECTIONS) : args.length > 0 ? args : QUICK;
const unknown = wanted.filter((w) => !(w in SECTIONS));
if (unknown.length) {
  console.error(`bench: no section ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
console.log(`lunar-sim bench — node ${process.version}; ${load()}\n`);
// The sections that spawn bin/lunar-sim.js measure what a user runs: the build, made current first if a source is newer.
if (builtEntry(process.cwd()) === null) {
  execFileSync(process.execPath, ['tools/bundle-cli.mjs'], { stdio: 'inherit' });
  console.log('(dist/cli/ was older than the sources: rebuilt first)\n');
}
if (args.length === 0) console.log(`sections: ${QUICK.join(', ')}; the others (${Object.keys(SECTIONS).filter((k) => !QUICK.includes(k)).join(', ')}) take minutes: name them, or \`npm run bench -- all\`\n`);
for (const [name, run] of Object.entries(SECTIONS)) {
  if (!wanted.includes(name)) continue;
  const t0 = performance.now();
  await run();
  console.log(`${''.padEnd(48)}(${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s; ${load()})`);
}
console.log(`\n${load()} at the end`);
