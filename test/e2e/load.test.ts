import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../support/cli.js';

async function metricsOf(base: string): Promise<{ generated: number; active: number; bySource: Record<string, number> }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const bySource: Record<string, number> = {};
  for (const m of text.matchAll(/^lunar_interpretation_generated_total\{source="(\w+)",model="[^"]*"\} (\d+)$/gm)) {
    bySource[m[1]] = (bySource[m[1]] ?? 0) + Number(m[2]);
  }
  const active = Number(/^lunar_interpretation_active_generations (\d+)$/m.exec(text)![1]);
  return { generated: Object.values(bySource).reduce((s, n) => s + n, 0), active, bySource };
}

/** `run baseline --traffic external` on a free port; resolves with its base URL. */
async function startSimulator(extra: string[] = []): Promise<{ server: RunningCli; base: string }> {
  const server = startCli(['run', 'baseline', '--traffic', 'external', '--port', '0', ...extra]);
  const [, base] = await server.waitFor(/metrics:\s+(http:\/\/\S+)\/metrics/);
  return { server, base };
}

async function stop(server: RunningCli): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

function loadJson(args: string[], env?: NodeJS.ProcessEnv): { code: number | null; report: any; stderr: string } {
  const r = runCli(['load', ...args, '--json', '-'], { env });
  let report: unknown = null;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    // Left null: the assertions on the report then say what the output was.
  }
  return { code: r.code, report, stderr: r.stderr };
}

describe('lunar-sim load against a fast simulator (×100)', () => {
  let sim: { server: RunningCli; base: string };
  // ×100: a 10 s Claude call answers in 0.1 s of real time.
  beforeAll(async () => {
    sim = await startSimulator(['--speed', '100']);
  });
  afterAll(() => stop(sim.server));

  it('makes exactly N generations for N requests, and leaves nothing in flight', async () => {
    expect((await metricsOf(sim.base)).generated).toBe(0);
    const dir = mkdtempSync(path.join(process.cwd(), '.tmp-load-'));
    try {
      const file = path.join(dir, 'report.json');
      const r = runCli(['load', '--url', sim.base, '--rate', '100/s', '--requests', '300', '--json', file]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^status\s+200: 300$/m);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json.arrivals).toMatchObject({ planned: 300, sent: 300, dropped: { total: 0 } });
      expect(json.answered).toBe(300);
      const m = await metricsOf(sim.base);
      expect(m.generated).toBe(300);
      expect(m.active).toBe(0);
      // The load report's sources match the metrics, source by source.
      expect(json.sources).toEqual(Object.fromEntries(Object.entries(m.bySource).filter(([, n]) => n > 0)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends exactly 1 or 5 requests with --requests 1 / 5, and reports only the connections it opened', () => {
    for (const n of [1, 5]) {
      const { code, report, stderr } = loadJson(['--url', sim.base, '--rate', '10/s', '--requests', String(n)]);
      expect(stderr).not.toMatch(/unexpected error/);
      expect(code).toBe(0);
      expect(report.arrivals).toMatchObject({ planned: n, sent: n, dropped: { total: 0 } });
      expect(report.statusCodes).toEqual({ 200: n });
      // At 10/s with answers in ~0.1 s, connections are reused: never more than requests, never the cap.
      expect(report.connectionsOpened).toBeGreaterThanOrEqual(1);
      expect(report.connectionsOpened).toBeLessThanOrEqual(n);
      expect(report.peakInFlight).toBeLessThanOrEqual(n);
    }
  });

  it('follows ramping stages, and seeded Poisson arrivals', () => {
    // 0 → 20/s over 1 s, then 20/s for 1 s: an area of 10 + 20, so 30 arrivals, the last at 2 s.
    const ramp = loadJson(['--url', sim.base, '--stages', '1s:20/s,1s:20/s']);
    expect(ramp.code).toBe(0);
    expect(ramp.report.schedule).toMatchObject({ kind: 'ramping', durationSeconds: 2, peakRate: 20 });
    expect(ramp.report.arrivals).toMatchObject({ planned: 30, due: 30, sent: 30 });
    expect(ramp.report.statusCodes).toEqual({ 200: 30 });
    // Poisson: the count is random but fixed by the seed (the same arrivals twice).
    const args = ['--url', sim.base, '--rate', '40/s', '--duration', '1s', '--arrivals', 'poisson', '--seed', '5'];
    const [a, b] = [loadJson(args), loadJson(args)];
    expect(a.report.arrivals.due).toBe(b.report.arrivals.due);
    expect(a.report.arrivals.sent).toBe(a.report.arrivals.due);
    expect(a.report.arrivals.planned).toBe(40);
  });
});

describe('lunar-sim load against slow answers (3 s each, speed ×1)', () => {
  let sim: { server: RunningCli; base: string };
  beforeAll(async () => {
    sim = await startSimulator();
    // Every request goes to Claude and takes exactly 2 s + 100 tokens at 100 tokens/s = 3 s, without errors.
    const constant = (median: string | number) => ({ median, sigma: 0 });
    const put = await fetch(`${sim.base}/api/v1/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        cache: { hit_ratio: 0 },
        claude: { ttft: constant('2s'), output_tokens: constant(100), tokens_per_second: constant(100), errors: {} },
      }),
    });
    expect(put.status).toBe(200);
  });
  afterAll(() => stop(sim.server));

  it('holds 50/s for 2 s although every answer takes 3 s: all 100 requests are open at once', async () => {
    const before = (await metricsOf(sim.base)).generated;
    const { code, report } = loadJson(['--url', sim.base, '--rate', '50/s', '--duration', '2s']);
    expect(code).toBe(0);
    expect(report.arrivals).toMatchObject({ planned: 100, sent: 100, dropped: { total: 0 } });
    // Sends end at 1.98 s and answers need 3 s: an open model has every request in flight at once; a closed one
    // with C connections would have at most C.
    expect(report.peakInFlight).toBe(100);
    // The send rate measured from the actual send times. Tolerance 10 %: each send may be late by the timer's
    // granularity plus event-loop delay on a shared 2-core machine (tens of ms); 50 ms of lateness on either end
    // of a 1.98 s span moves the rate by 2.5 %.
    const measured = (report.arrivals.sent - 1) / ((report.lastSendMs - report.firstSendMs) / 1000);
    expect(measured).toBeGreaterThan(45);
    expect(measured).toBeLessThan(55);
    // Latency from the intended send time covers the whole answer.
    expect(report.latencyMs.p50).toBeGreaterThanOrEqual(3000);
    expect(report.serviceMs.p50).toBeGreaterThanOrEqual(3000);
    expect(report.answered).toBe(100);
    const after = await metricsOf(sim.base);
    expect(after.generated - before).toBe(100);
    expect(after.active).toBe(0);
  });

  it('drops the arrivals that find the in-flight cap reached, counts them and says why', () => {
    const r = runCli(['load', '--url', sim.base, '--rate', '50/s', '--duration', '2s', '--max-in-flight', '10', '--json', '-']);
    // 90 % dropped misses the default --max-dropped 10 %: the run failed, exit 1 after the report.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lunar-sim: load on .* missed its thresholds: dropped 90 % \(90 of 100\), limit ≤ 10 %/m);
    const report = JSON.parse(r.stdout);
    // No answer comes back before 3 s and sends end at 1.98 s: the first 10 arrivals go out, the other 90 find the
    // 10 slots taken. Each drop is blamed on the slow answers, or on the generator when a busy machine made it reach
    // the arrival more than 50 ms late; never on a target that is up and answering.
    expect(report.arrivals).toMatchObject({ planned: 100, sent: 10, dropped: { total: 90, target_down: 0, errors: 0 } });
    expect(report.arrivals.dropped.slow_answers + report.arrivals.dropped.generator_late).toBe(90);
    expect(r.stderr).toMatch(/^arrivals\s+100 planned, 10 sent, 90 dropped \(in-flight cap 10 reached: /m);
    if (report.arrivals.dropped.slow_answers > 0) expect(r.stderr).toMatch(/^advice .*raise --max-in-flight/m);
    expect(r.stderr).not.toMatch(/never reached the target/);
  });

  it('counts the requests still open at the end: aborted after --grace, or finished within it', () => {
    const short = loadJson(['--url', sim.base, '--rate', '20/s', '--duration', '1s', '--grace', '500ms']);
    // Every request aborted: 100 % errors, over the default --max-errors.
    expect(short.code).toBe(1);
    expect(short.report.arrivals.sent).toBe(20);
    expect(short.report.openAtStop).toMatchObject({ total: 20, finishedInGrace: 0, aborted: 20 });
    // Sent within the first second, aborted 0.5 s after the last arrival: each had waited at least 0.5 s.
    expect(short.report.openAtStop.longestAbortedWaitMs).toBeGreaterThanOrEqual(500);
    expect(short.report.answered).toBe(0);

    const long = loadJson(['--url', sim.base, '--rate', '20/s', '--duration', '1s', '--grace', '10s']);
    expect(long.code).toBe(0);
    expect(long.report.openAtStop).toMatchObject({ total: 20, finishedInGrace: 20, aborted: 0 });
    expect(long.report.answered).toBe(20);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`stops at ${signal}: aborts the open requests, prints the report, exits ${code}`, async () => {
      // What an earlier test left in flight ends first (answers take 3 s), so that requests in flight mean this run sends.
      for (let i = 0; i < 200 && (await metricsOf(sim.base)).active > 0; i++) await new Promise((r) => setTimeout(r, 50));
      const load = startCli(['load', '--url', sim.base, '--rate', '20/s', '--duration', '60s']);
      // Sending has begun (the signal handler is in place) once the simulator has requests in flight.
      for (let i = 0; i < 200 && (await metricsOf(sim.base)).active === 0; i++) await new Promise((r) => setTimeout(r, 50));
      load.child.kill(signal);
      load.child.kill(signal); // a repeat (npm forwards Ctrl-C too) must not cut the report short
      expect(await load.exited).toBe(code);
      expect(load.output()).toMatch(/^open\s+(\d+) still in flight when sending stopped: 0 finished within the grace period, \1 aborted$/m);
      expect(load.output()).not.toMatch(/raise --grace/);
    });
  }
});

describe('lunar-sim load against a simulator started with --token', () => {
  let sim: { server: RunningCli; base: string };
  beforeAll(async () => {
    sim = await startSimulator(['--speed', '100', '--token', 's3cret']);
  });
  afterAll(() => stop(sim.server));

  it('exits 2 with one line when the target answers 401', () => {
    const r = runCli(['load', '--url', sim.base, '--requests', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lunar-sim: .*401.*--token.*LUNAR_SIM_TOKEN/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const wrong = runCli(['load', '--url', sim.base, '--requests', '3', '--token', 'nope']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/401/);
  });

  it('sends the token from --token or LUNAR_SIM_TOKEN', () => {
    expect(loadJson(['--url', sim.base, '--requests', '3', '--token', 's3cret']).report.statusCodes).toEqual({ 200: 3 });
    const fromEnv = loadJson(['--url', sim.base, '--requests', '3'], { LUNAR_SIM_TOKEN: 's3cret' });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.report.statusCodes).toEqual({ 200: 3 });
  });
});

describe('lunar-sim load: a target that is down, bad flags', () => {
  it('says so when nothing answers, exit 2, and gives no advice about the cap', () => {
    const r = runCli(['load', '--url', 'http://127.0.0.1:9', '--rate', '5/s', '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answer from http:\/\/127\.0\.0\.1:9\/v1\/lunar\/interpretations: 5 connections refused/);
    expect(r.stdout).not.toMatch(/max-in-flight|connections opened/);
  });

  it.each([
    [['--rate', 'fast'], /--rate fast: expected a rate such as 50\/s/],
    [['--rate', '1000000/s'], /--rate 1000000\/s: at most 20000\/s/],
    [['--duration', '0s'], /--duration 0s: expected a duration/],
    [['--requests', '0'], /--requests 0: expected a whole number from 1 to 10000000/],
    [['--max-in-flight', '0'], /--max-in-flight 0: expected a whole number from 1 to 10000/],
    [['--stages', '30s:10/s,oops'], /--stages 30s:10\/s,oops: stage 2 "oops": expected DURATION:RATE/],
    [['--stages', '10s:5/s', '--rate', '5/s'], /--stages and --rate cannot be used together/],
    [['--token', 'two words'], /--token: expected printable characters without spaces/],
    [['--arrivals', 'x'], /^lunar-sim: --arrivals x: expected constant or poisson$/],
    [['--json'], /^lunar-sim: Not enough arguments following: json$/],
  ])('refuses %j with one line, exit 2', (flags, message) => {
    const r = runCli(['load', '--url', 'http://127.0.0.1:9', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the k6 scripts', () => {
  const probe = mkdtempSync(path.join(process.cwd(), '.tmp-k6-'));
  afterAll(() => rmSync(probe, { recursive: true, force: true }));

  it('are type-checked against @types/k6: a deliberate type error in one fails the check', () => {
    // The probe sits two levels under the repository, like scenarios/k6/, so the scripts' relative imports resolve.
    const k6dir = path.join(probe, 'k6');
    spawnSync('cp', ['-r', 'scenarios/k6', k6dir]);
    const tsc = path.join('node_modules', 'typescript', 'bin', 'tsc');
    const clean = spawnSync(process.execPath, [tsc, '-p', path.join(k6dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);
    const steady = path.join(k6dir, 'steady.ts');
    writeFileSync(steady, readFileSync(steady, 'utf8').replace('      rate,\n', "      rate: 'fast',\n"));
    const broken = spawnSync(process.execPath, [tsc, '-p', path.join(k6dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(broken.status).not.toBe(0);
    expect(broken.stdout).toMatch(/steady\.ts\(\d+,\d+\): error TS/);
  });

  it('send the token given with -e TOKEN= as a bearer header', () => {
    const lib = readFileSync('scenarios/k6/lib/lunar.ts', 'utf8');
    expect(lib).toMatch(/__ENV\.TOKEN/);
    expect(lib).toMatch(/authorization: `Bearer \$\{TOKEN\}`/);
  });
});
