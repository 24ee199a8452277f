/**
 * `npm run bench`: the figures that matter, measured in this run, each against a reference measured in the same
 * run where one exists. Nothing here asserts: it prints.
 * 1. simulated generations per second on the virtual clock (target ≥ 1,000,000 on one core);
 * 2. /metrics render time for the baseline, against prom-client rendering as many native series;
 * 3. verify: the whole scenario library, and per scenario (simulate, backfill, query) — needs prometheus/promtool;
 * 4. HTTP throughput of POST /v1/lunar/interpretations with simulated latency 0, against a fastify route that does
 *    nothing (target ≥ 0.7 of it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Counter, Registry } from 'prom-client';
import { formatDuration } from '../src/core/units.js';
import { payloadGenerator } from '../src/load/payload.ts';
import { Exposition } from '../src/metrics/exposition.js';
import { PROMETHEUS, PROMTOOL, findBinary } from '../src/prometheus/binaries.js';
import { loadScenario, scenarioNames } from '../src/scenario/catalogue.js';
import { runVirtual } from '../src/runtime/virtual-run.js';
import { DEFAULT_RULES_FILE } from '../src/verify/rules.js';
import { prepareVerify, verifyScenarios } from '../src/verify/verify-run.js';

function line(label: string, value: string, note = ''): void {
  console.log(`${label.padEnd(46)} ${value.padStart(14)}  ${note}`);
}

async function timeAsync(f: () => Promise<unknown>, repeat: number): Promise<number> {
  for (let i = 0; i < 20; i++) await f();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) await f();
  return (performance.now() - t0) / repeat;
}

function simulation(): void {
  const flat = loadScenario('baseline');
  flat.traffic = { rate: 6000 };
  flat.warmup = 0;
  flat.step = 60_000;
  runVirtual({ ...flat, duration: 300_000 }); // warm the JIT
  flat.duration = 3_600_000;
  const t0 = performance.now();
  const run = runVirtual(flat);
  const ms = performance.now() - t0;
  line('simulated generations / s (virtual clock)', Math.round(run.generations / (ms / 1000)).toLocaleString('en-US'),
    `target ≥ 1,000,000; ${run.generations.toLocaleString('en-US')} generations in ${ms.toFixed(0)} ms`);
}

async function rendering(): Promise<void> {
  const baseline = runVirtual(loadScenario('baseline'));
  const exposition = new Exposition(baseline.recorder.store);
  const renderMs = await timeAsync(() => exposition.render('prometheus'), 500);
  const native = new Registry();
  const samples = baseline.log.columns.length;
  const counter = new Counter({ name: 'bench_native_total', help: 'bench', labelNames: ['i'], registers: [native] });
  for (let i = 0; i < samples; i++) counter.inc({ i: String(i) }, i);
  const nativeMs = await timeAsync(() => native.metrics(), 500);
  line('/metrics render, baseline', `${(renderMs * 1000).toFixed(0)} µs`,
    `${samples} samples; ${(renderMs / nativeMs).toFixed(2)}× prom-client's own counters with as many series (${(nativeMs * 1000).toFixed(0)} µs)`);
}

async function verification(): Promise<void> {
  if (!findBinary(PROMETHEUS) || !findBinary(PROMTOOL)) {
    line('verify', 'skipped', 'prometheus/promtool not installed');
    return;
  }
  const prepared = await prepareVerify(DEFAULT_RULES_FILE);
  const scenarios = scenarioNames().map((n) => loadScenario(n, { alerts: prepared.rules.map((r) => r.name) }));
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
}

function startServer(command: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
  });
}

async function throughput(url: string): Promise<number> {
  const next = payloadGenerator(7);
  const result = await autocannon({
    url: `${url}/v1/lunar/interpretations`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: 50,
    duration: 5,
    requests: [{ setupRequest: (r) => ({ ...r, body: JSON.stringify(next()) }) }],
  });
  return result.requests.average;
}

async function http(): Promise<void> {
  const tsx = 'node_modules/.bin/tsx';
  const noop = await startServer(tsx, ['bench/noop-server.ts']);
  const sim = await startServer(process.execPath, ['bin/lunar-sim.js', 'run', 'baseline', '--traffic', 'external', '--port', '0']);
  try {
    const zero = { median: '0s', sigma: 0 };
    const put = await fetch(`${sim.url}/api/v1/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cache: { latency: zero }, claude: { ttft: zero, error_latency: zero, tokens_per_second: { median: 1e12, sigma: 0 } }, templates: { latency: zero } }),
    });
    if (!put.ok) throw new Error(`profile change refused: ${await put.text()}`);
    const reference = await throughput(noop.url);
    const endpoint = await throughput(sim.url);
    line('HTTP: fastify route that does nothing', `${Math.round(reference).toLocaleString('en-US')} req/s`, '50 connections, 5 s, autocannon in this process');
    line('HTTP: POST /v1/lunar/interpretations', `${Math.round(endpoint).toLocaleString('en-US')} req/s`,
      `${(endpoint / reference).toFixed(2)}× the do-nothing route (target ≥ 0.7); simulated latency 0`);
  } finally {
    noop.child.kill('SIGTERM');
    sim.child.kill('SIGTERM');
  }
}

console.log(`lunar-sim bench — node ${process.version}\n`);
simulation();
await rendering();
await verification();
await http();
