import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { DEFAULT_RULES_FILE } from '../../src/verify/rules.js';
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
  it('passes every shipped scenario on the shipped rules, writes JSON and JUnit, and leaves nothing behind', () => {
    const tmp = privateTmp();
    const json = path.join(work, 'all.json');
    const junit = path.join(work, 'all.xml');
    const r = runCli(['verify', '--all', '--json', json, '--junit', junit], { env: { TMPDIR: tmp }, timeout: 600_000 });
    expect(r.stdout).toMatch(/all expectations hold/);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(json, 'utf8'));
    expect(results.ok).toBe(true);
    const names = results.scenarios.map((s: { name: string }) => s.name);
    expect(names).toContain('baseline');
    // Every one of the 12 alerts is made to fire by at least one scenario.
    const fired = new Set(results.scenarios.flatMap((s: { verdicts: { alert: string; expected: string; ok: boolean }[] }) =>
      s.verdicts.filter((v) => v.expected === 'fire' && v.ok).map((v) => v.alert)));
    expect(fired.size).toBe(12);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testsuite name="baseline" tests="12" failures="0"/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('fails the affected scenarios, naming the alert and what was expected, when thresholds move', () => {
    const rules = editedRules('moved.yml', (t) =>
      t.replace(/\) > 0\.20\n/, ') > 0.60\n').replace(/\{source="claude"\}\[5m\]\)\)\) > 30/, '{source="claude"}[5m]))) > 90'));
    const tmp = privateTmp();
    const r = runCli(['verify', 'claude-outage', 'claude-slow', 'fallback-just-below', '--rules', rules], { env: { TMPDIR: tmp } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/claude-outage\s+LunarGenerationFallbackHigh\s+fire 1h13m–1h21m, resolve 2h10m–2h17m\s+silent\s+–\s+FAIL: expected to fire, but it never fired/);
    expect(r.stdout).toMatch(/claude-slow\s+LunarGenerationLatencyHigh\s+fire 1h9m–1h16m, resolve 2h6m–2h13m\s+silent\s+–\s+FAIL: expected to fire, but it never fired/);
    expect(r.stdout).toMatch(/verify: FAILED — claude-outage, claude-slow \(2 of 3 judged scenarios\)/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('catches a flapping alert when keep_firing_for is removed', () => {
    const rules = editedRules('no-keep.yml', (t) => t.replace(/^ {8}keep_firing_for: .*\n/gm, ''));
    const r = runCli(['verify', 'fallback-flapping', '--rules', rules]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/LunarGenerationFallbackHigh.*FAIL: fired [2-9] times, at most 1 expected/);
  });

  it('refuses a rules file that promtool rejects, exit 2', () => {
    const rules = editedRules('broken.yml', (t) => t.replace('sum(increase(lunar_interpretation_generated_total{source="hardcoded"}[10m])) > 0', 'sum(increase(oops[10m]) > 0'));
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
