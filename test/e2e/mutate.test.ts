import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = binaryForTest(PROMTOOL) !== null && binaryForTest(PROMETHEUS) !== null;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-mutate-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface MutantJson {
  id: string;
  status: string;
  killedBy: string[];
  observations: { scenario: string; killReason: string; difference: string }[];
}

describe.runIf(available)('lunar-sim mutate (real Prometheus)', () => {
  it('kills every mutant of the hardcoded alert with the one scenario built to pin it', () => {
    const json = path.join(work, 'pinned.json');
    const r = runCli(['mutate', 'hardcoded-single', '--alert', 'LunarHardcodedFallbackUsed', '--json', json, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mutate: every mutant is killed or accepted/);
    const mutants = (JSON.parse(readFileSync(json, 'utf8')) as { mutants: MutantJson[] }).mutants;
    expect(mutants.map((m) => m.id)).toEqual(expect.arrayContaining([
      'LunarHardcodedFallbackUsed: threshold `> 0` → 1',
      'LunarHardcodedFallbackUsed: window 10m → 5m',
      'LunarHardcodedFallbackUsed: keep_firing_for 30m → 1h',
    ]));
    expect(mutants.every((m) => m.status === 'killed' && m.killedBy[0] === 'hardcoded-single')).toBe(true);
    // A single hardcoded answer reads as exactly 1 over aligned samples, so `> 1` stays silent: killed for not firing.
    const above1 = mutants.find((m) => m.id === 'LunarHardcodedFallbackUsed: threshold `> 0` → 1')!;
    expect(above1.observations[0].killReason).toBe('expected to fire, but it never fired');
    const longerKeep = mutants.find((m) => m.id === 'LunarHardcodedFallbackUsed: keep_firing_for 30m → 1h')!;
    expect(longerKeep.observations[0]).toMatchObject({ killReason: 'still firing at the end, expected to resolve', difference: '61m→101m → 61m→end' });
  });

  it('exits 1 on survivors, says what would kill them, and accepts them only with a reason', () => {
    const r = runCli(['mutate', 'latency-just-under', '--alert', 'LunarHardcodedFallbackUsed']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SURVIVED/);
    expect(r.stdout).toMatch(/ {2}LunarHardcodedFallbackUsed: keep_firing_for 30m → 1h\n {4}no scenario tells it apart from the original \(identical timelines everywhere\)\n {4}needs: a resolve_before deadline/);
    const survivors = [...r.stdout.matchAll(/^ {2}(LunarHardcodedFallbackUsed: .+)$/gm)].map((m) => m[1]);
    expect(survivors.length).toBeGreaterThan(3);
    const accept = path.join(work, 'accept.yml');
    const reason = 'one healthy scenario alone cannot tell these apart: this test only checks the accept file';
    writeFileSync(accept, `accepted:\n${survivors.map((id) => `  - mutant: ${JSON.stringify(id)}\n    reason: ${JSON.stringify(reason)}\n`).join('')}`);
    const accepted = runCli(['mutate', 'latency-just-under', '--alert', 'LunarHardcodedFallbackUsed', '--accept', accept]);
    expect(accepted.stdout).toMatch(/survived 0/);
    expect(accepted.code).toBe(0);
    // An entry for a mutant that some scenario kills is stale: the list must stay short and true.
    const killing = runCli(['mutate', 'hardcoded-single', '--alert', 'LunarHardcodedFallbackUsed', '--accept', accept]);
    expect(killing.stdout).toMatch(/STALE ACCEPT ENTRIES[\s\S]*killed by hardcoded-single: no longer needs accepting/);
    expect(killing.code).toBe(1);
  });

  it('writes JSON to stdout with --json -, the report going to stderr', () => {
    const r = runCli(['mutate', 'hardcoded-single', '--alert', 'LunarHardcodedFallbackUsed', '--json', '-']);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(r.stderr).toMatch(/mutate: every mutant is killed or accepted/);
  });
});
