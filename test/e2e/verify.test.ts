import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { DEFAULT_RULES_FILE, loadAlertRules } from '../../src/verify/rules.js';
import { BIN, runCli } from '../support/cli.js';
import { leftovers } from '../support/leftovers.js';
import { binaryForTest } from '../support/prometheus.js';

const promtool = binaryForTest(PROMTOOL);
const prometheus = binaryForTest(PROMETHEUS);
const available = promtool !== null && prometheus !== null;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-verify-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A private TMPDIR per run, so leftovers can be counted without other tests' files. */
function privateTmp(): string {
  return mkdtempSync(path.join(work, 'tmp-'));
}

/** A copy of the shipped rules with `edit` applied to its text. */
function editedRules(name: string, edit: (text: string) => string): string {
  const file = path.join(work, name);
  const text = readFileSync(DEFAULT_RULES_FILE, 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
  return file;
}

describe.runIf(available)('lunar-sim verify (real Prometheus)', () => {
  // The whole library is verified in test/long (under seed 1) and by mutate's run (under each scenario's own seed,
  // which fails on any scenario the original rules fail): here a slice of every kind — healthy, a fleet, an outage,
  // the API down, a page of its own, a cost warning.
  it('passes a slice of the shipped scenarios on the shipped rules, writes JSON and JUnit, and leaves nothing behind', () => {
    const tmp = privateTmp();
    const json = path.join(work, 'slice.json');
    const junit = path.join(work, 'slice.xml');
    const slice = ['baseline', 'fleet-replica-lost', 'claude-outage', 'api-down', 'templates-lost', 'cost-burst'];
    const r = runCli(['verify', ...slice, '--json', json, '--junit', junit], { env: { TMPDIR: tmp } });
    expect(r.stdout).toMatch(/all expectations hold/);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(json, 'utf8'));
    expect(results.ok).toBe(true);
    expect(results.scenarios.map((s: { name: string }) => s.name)).toEqual(slice);
    expect(readFileSync(junit, 'utf8')).toMatch(new RegExp(`<testsuite name="baseline" tests="${loadAlertRules(DEFAULT_RULES_FILE).length}" failures="0"`));
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('fails the affected scenarios, naming the alert and what was expected, when thresholds move', () => {
    const rules = editedRules('moved.yml', (t) =>
      t.replace('lunar:claude_failure_ratio:evidence > 0.20', 'lunar:claude_failure_ratio:evidence > 0.60')
        .replace('lunar:claude_latency_p95_seconds:evidence > 30', 'lunar:claude_latency_p95_seconds:evidence > 90'));
    const tmp = privateTmp();
    const r = runCli(['verify', 'fallback-just-above', 'claude-slow', 'fallback-just-below', '--rules', rules], { env: { TMPDIR: tmp } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fallback-just-above\s+LunarGenerationFallbackHigh\s+fire 1h–2h, resolve 2h–2h45m\s+silent\s+–\s+FAIL: expected to fire, but it never fired/);
    expect(r.stdout).toMatch(/claude-slow\s+\[latency\]\{receiver="team"\}\s+warn 1h–1h45m, resolve 2h–2h45m\s+none sent\s+–\s+FAIL: expected a warning of latency within 45m of incident \(1h\), none was sent/);
    expect(r.stdout).toMatch(/verify: FAILED — fallback-just-above, claude-slow \(2 of 3 judged scenarios\)/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('catches a page that fires once per wave when keep_firing_for is removed', () => {
    const rules = editedRules('no-keep.yml', (t) => t.replace(/^ {8}keep_firing_for: .*\n/gm, ''));
    const r = runCli(['verify', 'fallback-flapping', '--rules', rules]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[claude\].*FAIL: a page of claude was sent [2-9] times to oncall/);
  });

  it('refuses a rules file that promtool rejects, exit 2', () => {
    const rules = editedRules('broken.yml', (t) => t.replace('sum(increase(lunar_interpretation_generated_total{source="hardcoded"}[1h])) > 0', 'sum(increase(oops[1h]) > 0'));
    const r = runCli(['verify', 'baseline', '--rules', rules]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not pass promtool check rules/);
  });

  it('stops Prometheus and removes its temp dirs on Ctrl-C, exit 130', async () => {
    const tmp = privateTmp();
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'verify', 'baseline', 'viral-day'], { env: { ...process.env, TMPDIR: tmp } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        // Interrupt once a Prometheus is up (the query stage), the moment with the most to clean.
        if (/query…/.test(err)) {
          clearInterval(poll);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`verify ended before the query stage:\n${err}`));
        }
      }, 20);
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toMatch(/SIGINT: stopping child processes and removing temp files/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });
});

describe('lunar-sim verify without Prometheus', () => {
  it('says how to install it, exit 2', () => {
    const r = runCli(['verify', 'baseline'], { env: { PROMTOOL_BIN: '/nonexistent/promtool' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lunar-sim: promtool not found on PATH \(or set PROMTOOL_BIN\); install it with: sudo apt-get install/);
  });
});
