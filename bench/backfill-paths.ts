/**
 * Ways to get a scenario's samples into a queryable Prometheus 2.42, on the same virtual run:
 * - promtool: OpenMetrics text → `promtool tsdb create-blocks-from openmetrics` → a Prometheus started over the blocks;
 * - promtool ×2: the text cut into weeks (one block each), two promtool processes at a time over disjoint weeks;
 * - remote write: an empty Prometheus started with `--web.enable-remote-write-receiver` (no out-of-order window)
 *   and the history pushed in time order, as `lunar-sim push` does;
 * - verify's path: remote write into a Prometheus whose block range spans the run (backfill/remote-write-backfill.ts).
 * For each: wall time by stage, samples per second, and the peak RSS of promtool and of the receiving Prometheus
 * (VmHWM from /proc, polled every 20 ms for promtool, so a rise in its last 20 ms could be missed). The stored
 * sample count is checked both ways: it also answers whether the receiver takes a whole history in time order.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeOpenMetricsFile } from '../src/metrics/openmetrics-writer.js';
import { PROMETHEUS, PROMTOOL, findBinary } from '../src/prometheus/binaries.js';
import { backfillArgs, countSamples } from '../src/prometheus/promtool.js';
import { withScratch } from '../src/prometheus/scratch.js';
import { startPrometheus } from '../src/prometheus/server.js';
import { DEFAULT_BACKOFF } from '../src/remote-write/backoff.js';
import { RemoteWriteClient, sleep } from '../src/remote-write/client.js';
import { historyRequests } from '../src/remote-write/history-requests.js';
import { seriesAcrossPods, historyWindow } from '../src/remote-write/push-history.js';
import { sendInOrder } from '../src/remote-write/send-in-order.js';
import { planHistory } from '../src/remote-write/time-axis.js';
import { SampleLog } from '../src/metrics/sample-log.js';
import { serveByRemoteWrite } from '../src/backfill/remote-write-backfill.js';
import { runVirtual } from '../src/runtime/virtual-run.js';
import { loadScenario } from '../src/scenario/catalogue.js';

type Line = (label: string, value: string, note?: string) => void;

const DAY = 86_400_000;
/** `lunar-sim push` defaults. */
const PUSH = { concurrency: 2, maxSamplesPerRequest: 20_000 };
const SPANS = [
  { label: 'baseline 48 h (its own span)', to: DAY },
  { label: 'baseline 7 d', to: 6 * DAY },
  { label: 'baseline 30 d', to: 29 * DAY },
];

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs a command to its end; its wall time and peak RSS. */
function measured(bin: string, args: string[]): Promise<{ seconds: number; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const mb = peakRssMb(child.pid!);
        if (Number.isFinite(mb)) peak = Math.max(peak, mb);
      } catch {
        // exited between two polls
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${bin} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakMb: peak });
    });
  });
}

/** Samples stored for the log's metrics in [fromMs, toMs], counted by Prometheus, one metric name at a time. */
async function storedSamples(url: string, log: SampleLog, fromMs: number, toMs: number): Promise<number> {
  let total = 0;
  for (const name of new Set(log.columns.map((c) => c.name))) {
    const query = `sum(count_over_time(${name}{job="lunar-sim"}[${toMs - fromMs + 1}ms]))`;
    const r = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query, time: String(toMs / 1000) }) });
    const json = (await r.json()) as { data?: { result: { value: [number, string] }[] }; error?: string };
    if (!json.data) throw new Error(`count query failed: ${json.error}`);
    total += Number(json.data.result[0]?.value[1] ?? 0);
  }
  return total;
}

const rate = (samples: number, seconds: number): string => `${Math.round(samples / seconds).toLocaleString('en-US')} samples/s`;

async function viaPromtool(log: SampleLog, bins: { promtool: string; prometheus: string }, line: Line): Promise<number> {
  return withScratch(async (scratch) => {
    const dir = scratch.tempDir('bench-om');
    const file = path.join(dir, 'samples.om');
    const tsdb = path.join(dir, 'tsdb');
    const t0 = performance.now();
    const samples = writeOpenMetricsFile(log, file);
    const writeSeconds = (performance.now() - t0) / 1000;
    const promtool = await measured(bins.promtool, backfillArgs(file, tsdb));
    const stored = await countSamples(bins.promtool, tsdb);
    const t1 = performance.now();
    await startPrometheus(bins.prometheus, tsdb, scratch);
    const startSeconds = (performance.now() - t1) / 1000;
    const total = writeSeconds + promtool.seconds + startSeconds;
    line('    promtool, one file', `${total.toFixed(1)} s`,
      `write text ${writeSeconds.toFixed(1)} s + promtool ${promtool.seconds.toFixed(1)} s + start ${startSeconds.toFixed(1)} s; ` +
        `${rate(samples, total)}; promtool peak RSS ${promtool.peakMb.toFixed(0)} MB; stored ${stored === samples ? 'all' : `${stored} of ${samples}`}`);
    return total;
  });
}

async function viaRemoteWrite(log: SampleLog, plan: ReturnType<typeof planHistory>, prometheus: string, line: Line, promtoolSeconds: number): Promise<void> {
  await withScratch(async (scratch) => {
    const t0 = performance.now();
    const receiver = await startPrometheus(prometheus, scratch.tempDir('bench-rw'), scratch, undefined, ['--web.enable-remote-write-receiver']);
    const startSeconds = (performance.now() - t0) / 1000;
    const client = new RemoteWriteClient(
      { url: `${receiver.url}/api/v1/write`, headers: {}, timeoutMs: 30_000, retries: 8, backoff: DEFAULT_BACKOFF },
      { random: Math.random, sleep, now: Date.now },
    );
    const window = historyWindow(plan.scenario, log, plan.fromMs, plan.toMs, { labels: { job: 'lunar-sim', instance: 'bench' }, staleMarkers: true });
    let outcome: string;
    let pushSeconds = NaN;
    let samples = 0;
    try {
      const sent = await sendInOrder(historyRequests(window, PUSH), client, { concurrency: PUSH.concurrency });
      pushSeconds = sent.seconds;
      samples = sent.samples;
    } catch (e) {
      outcome = `REFUSED: ${(e as Error).message}`;
    }
    // Stale markers count as sent but are not samples: this span has no down phase, so none were sent.
    outcome ??= await storedSamples(receiver.url, log, plan.fromMs, plan.toMs).then((n) => (n === samples ? 'all accepted and stored' : `stored ${n} of ${samples}`));
    const total = startSeconds + pushSeconds;
    line(`    remote write (${PUSH.concurrency} × ≤${PUSH.maxSamplesPerRequest})`, `${total.toFixed(1)} s`,
      `start ${startSeconds.toFixed(1)} s + push ${pushSeconds.toFixed(1)} s; ${rate(samples, total)}; ` +
        `Prometheus peak RSS ${peakRssMb(receiver.pid).toFixed(0)} MB; ${(promtoolSeconds / total).toFixed(2)}× promtool's speed; ` +
        `${client.stats.requests} requests, ${client.stats.retries} retries; no out-of-order window: ${outcome}`);
  });
}

/** The log's snapshots in [from, to), as a log of their own (a copy). */
function slice(log: SampleLog, from: number, to: number): SampleLog {
  const rows = log.times.flatMap((t, i) => (t >= from && t < to ? [i] : []));
  return new SampleLog(log.families, undefined, {
    times: rows.map((i) => log.times[i]),
    columns: log.columns.map((c) => ({ ...c, values: rows.map((i) => c.values[i]) })),
  });
}

const WEEK = 7 * DAY;

async function viaParallelPromtool(log: SampleLog, bins: { promtool: string; prometheus: string }, line: Line, promtoolSeconds: number): Promise<void> {
  await withScratch(async (scratch) => {
    const dir = scratch.tempDir('bench-om2');
    const tsdb = path.join(dir, 'tsdb');
    const t0 = performance.now();
    const files: string[] = [];
    let samples = 0;
    // Weeks aligned as promtool aligns its 168 h blocks: each file makes one block, and files never overlap.
    for (let w = Math.floor(log.times[0] / WEEK) * WEEK; w <= log.times[log.times.length - 1]; w += WEEK) {
      const file = path.join(dir, `week-${files.length}.om`);
      samples += writeOpenMetricsFile(slice(log, w, w + WEEK), file);
      files.push(file);
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < files.length) await measured(bins.promtool, backfillArgs(files[next++], tsdb));
    }));
    const promtool = (performance.now() - t1) / 1000;
    const stored = await countSamples(bins.promtool, tsdb);
    const t2 = performance.now();
    await startPrometheus(bins.prometheus, tsdb, scratch);
    const total = writeSeconds + promtool + (performance.now() - t2) / 1000;
    line(`    promtool ×2 over ${files.length} weeks`, `${total.toFixed(1)} s`,
      `write text ${writeSeconds.toFixed(1)} s + promtool ${promtool.toFixed(1)} s + start; ${rate(samples, total)}; ` +
        `${(promtoolSeconds / total).toFixed(2)}× promtool's speed; stored ${stored === samples ? 'all' : `${stored} of ${samples}`}`);
  });
}

async function viaVerifyPath(log: SampleLog, plan: ReturnType<typeof planHistory>, prometheus: string, line: Line, promtoolSeconds: number): Promise<void> {
  await withScratch(async (scratch) => {
    const t0 = performance.now();
    const served = await serveByRemoteWrite(prometheus, log, { fromMs: plan.fromMs, toMs: plan.toMs, stepMs: plan.scenario.step }, scratch);
    const total = (performance.now() - t0) / 1000;
    line("    verify's path (remote write, one block range)", `${total.toFixed(1)} s`,
      `start + push + count; ${rate(served.samples, total)}; ${(promtoolSeconds / total).toFixed(2)}× promtool's speed; ` +
        `Prometheus peak RSS ${peakRssMb(served.prometheus.pid).toFixed(0)} MB; all ${served.samples.toLocaleString('en-US')} stored`);
  });
}

/** Prints the comparison for each span; needs prometheus and promtool. */
export async function backfillPaths(line: Line): Promise<void> {
  const bins = { promtool: findBinary(PROMTOOL), prometheus: findBinary(PROMETHEUS) };
  if (!bins.promtool || !bins.prometheus) {
    line('backfill paths', 'skipped', 'prometheus/promtool not installed');
    return;
  }
  console.log('\nbackfill paths: a virtual run into a queryable Prometheus (same samples both ways)');
  for (const span of SPANS) {
    const plan = planHistory(loadScenario('baseline'), { to: span.to }, Date.now(), seriesAcrossPods);
    const run = runVirtual(plan.scenario);
    const samples = run.log.columns.reduce((n, c) => n + c.values.filter((v) => !Number.isNaN(v)).length, 0);
    line(`  ${span.label}`, `${(samples / 1e6).toFixed(2)} M samples`, `${run.log.columns.length} series`);
    const both = { promtool: bins.promtool, prometheus: bins.prometheus };
    const promtoolSeconds = await viaPromtool(run.log, both, line);
    await viaParallelPromtool(run.log, both, line, promtoolSeconds);
    await viaRemoteWrite(run.log, plan, bins.prometheus, line, promtoolSeconds);
    await viaVerifyPath(run.log, plan, bins.prometheus, line, promtoolSeconds);
  }
}
