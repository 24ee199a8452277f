/**
 * `mutate` judged as verify judges (docs/alerting-policy.md): a mutant is killed when some scenario's `page:`/`warn:`
 * expectations — what a real Alertmanager notifies of ALL the scenario's alerts, the mutant's among them — then fail.
 * Short slices of the library only; the whole library runs in test/long/mutate-library.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { runCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const available = [PROMTOOL, PROMETHEUS, ALERTMANAGER].every((b) => binaryForTest(b) !== null);
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-mutate-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface MutantJson {
  id: string;
  status: string;
  killedBy: string[];
  observations: { scenario: string; killReason: string; difference: string }[];
}
interface RunJson {
  ok: boolean;
  mutants: MutantJson[];
  scenarios: { scenario: string; usable: boolean; notificationQueries: number }[];
}

const HARDCODED = ['hardcoded-single', 'templates-lost-night', '--alert', 'LunarHardcodedFallbackUsed'];

function mutate(args: string[], name: string): { code: number | null; stdout: string; json: RunJson } {
  const file = path.join(work, `${name}.json`);
  const r = runCli(['mutate', ...args, '--json', file]);
  return { code: r.code, stdout: r.stdout, json: JSON.parse(readFileSync(file, 'utf8')) as RunJson };
}

describe.runIf(available)('lunar-sim mutate (real Prometheus and Alertmanager)', () => {
  it('kills a hardcoded-text mutant when on-call gets no page, an early page or one that outlives its deadline', () => {
    // An empty equivalents file: every survivor shows as such (the shipped file explains them: see below).
    const none = path.join(work, 'none.yml');
    writeFileSync(none, 'accepted: []\n');
    const { json, stdout, code } = mutate([...HARDCODED, '--full', '--verbose', '--accept', none], 'hardcoded');
    const byId = new Map(json.mutants.map((m) => [m.id.replace('LunarHardcodedFallbackUsed: ', ''), m]));
    // The policy: paged within 5 min of the first hardcoded answer, and no sooner; resolved within 3h15 of the last.
    const single = (id: string): MutantJson['observations'][number] => byId.get(id)!.observations.find((o) => o.scenario === 'hardcoded-single')!;
    expect(single('threshold `> 0` → -1').killReason).toMatch(/^hardcoded: a page of hardcoded was sent at .*, before the incident began/);
    expect(single('threshold `> 0` → 1').killReason).toMatch(/^hardcoded: expected a page of hardcoded within 5m of incident .*, none was sent/);
    expect(single('comparison `> 0` → `< 0`').killReason).toMatch(/none was sent/);
    expect(single('window 1h → 2h').killReason).toMatch(/a page of hardcoded still fires at the end; expected resolved within 3h15m/);
    expect(single('keep_firing_for 2h → 4h').killReason).toMatch(/still fires at the end/);
    // One answer cannot tell a shorter hold; a night's trickle can: it is one incident, paged once until it ends.
    for (const id of ['keep_firing_for 2h → 0s', 'keep_firing_for 2h → 1h', 'window 1h → 30m']) {
      expect(byId.get(id)!.killedBy).toEqual(['templates-lost-night']);
      expect(single(id)).toMatchObject({ killReason: '', difference: expect.stringMatching(/→/) });
      expect(byId.get(id)!.observations.find((o) => o.scenario === 'templates-lost-night')!.killReason).toMatch(/was sent 2 times to oncall .*: one incident, one notification/);
    }
    // What no scenario tells apart is reported, never dropped: exit 1, with why.
    const survivors = json.mutants.filter((m) => m.status === 'survived');
    expect(survivors.length).toBeGreaterThan(0);
    for (const s of survivors) expect(stdout).toContain(`  ${s.id}\n`);
    expect(stdout).toMatch(/SURVIVED, UNEXPLAINED[\s\S]*no scenario tells it apart from the original \(identical timelines everywhere\)\n {4}needs: /);
    expect(code).toBe(1);
  });

  it('judges a mutant with every alert of the scenario, asking Alertmanager only when its timeline changed', () => {
    const { json } = mutate(['claude-outage', '--alert', 'LunarGenerationFallbackCritical', '--full'], 'outage');
    const byId = new Map(json.mutants.map((m) => [m.id.replace('LunarGenerationFallbackCritical: ', ''), m.observations[0]]));
    // LunarClaudeDown has paged the claude class already: the share alert firing sooner joins the same page.
    expect(byId.get('for 10m → 0s')).toMatchObject({ killReason: '', difference: expect.stringMatching(/→/) });
    // Holding the page 1 h after recovery breaks the class's 45-minute resolution deadline.
    expect(byId.get('keep_firing_for 30m → 1h')!.killReason).toMatch(/^claude: a page of claude resolved at .* the deadline is 45m/);
    const changed = json.mutants.filter((m) => m.observations[0].difference !== '').length;
    expect(changed).toBeLessThan(json.mutants.length);
    // The original's timeline once, then at most one per mutant whose timeline differs (mutants that make the same
    // timeline share an answer); the others reuse the original verdict.
    expect(json.scenarios[0].notificationQueries).toBeGreaterThan(1);
    expect(json.scenarios[0].notificationQueries).toBeLessThanOrEqual(1 + changed);
  });

  it('kills an Alertmanager mutant that sends the page elsewhere, judged by a real Alertmanager', () => {
    const { json } = mutate(['hardcoded-single', '--alert', 'alertmanager'], 'alertmanager');
    const byId = new Map(json.mutants.map((m) => [m.id, m]));
    // The page must reach on-call (the scenario names its receiver): routing it to the team breaks that.
    const swapped = byId.get('alertmanager: route routes[0] receiver oncall → team')!;
    expect(swapped.killedBy).toEqual(['hardcoded-single']);
    expect(swapped.observations[0].killReason).toMatch(/^hardcoded: a page of hardcoded reached team; expected oncall only/);
    expect(byId.get('alertmanager: route routes[0] matcher `severity="critical"` dropped')!.status).toBe('survived');
    expect(byId.get('alertmanager: route routes[0] matcher `severity="critical"` → `severity="warning"`')!.status).toBe('killed');
  });

  it('explains every survivor of the shipped rules with the shipped equivalents file, kind and reason', () => {
    const r = runCli(['mutate', ...HARDCODED]);
    expect(r.stdout).toMatch(/survived unexplained 0/);
    expect(r.stdout).toMatch(/EQUIVALENT UNDER THE POLICY — a harmless change \(\d+\):[\s\S]*LunarHardcodedFallbackUsed: aggregation `sum` → `max`\n {4}An exact equivalent/);
    expect(r.code).toBe(0);
  });

  it('accepts survivors only with a reason, and calls an entry for a killed mutant stale', () => {
    const none = path.join(work, 'none.yml');
    writeFileSync(none, 'accepted: []\n');
    const first = mutate([...HARDCODED, '--accept', none], 'survivors');
    const survivors = first.json.mutants.filter((m) => m.status === 'survived').map((m) => m.id);
    const accept = path.join(work, 'accept.yml');
    const reason = 'a test of the accept file: these two scenarios alone cannot tell a shorter hold apart';
    writeFileSync(accept, `accepted:\n${survivors.map((id) => `  - mutant: ${JSON.stringify(id)}\n    kind: harmless\n    reason: ${JSON.stringify(reason)}\n`).join('')}`);
    const accepted = runCli(['mutate', ...HARDCODED, '--accept', accept]);
    expect(accepted.stdout).toMatch(/survived unexplained 0/);
    expect(accepted.stdout).toMatch(/EQUIVALENT UNDER THE POLICY — a harmless change \(\d+\):\n {2}LunarHardcodedFallbackUsed: .+\n {4}a test of the accept file/);
    expect(accepted.code).toBe(0);
    const killedId = first.json.mutants.find((m) => m.status === 'killed')!.id;
    writeFileSync(accept, `accepted:\n  - mutant: ${JSON.stringify(killedId)}\n    kind: gap\n    reason: ${JSON.stringify(reason)}\n`);
    const stale = runCli(['mutate', 'hardcoded-single', '--alert', 'LunarHardcodedFallbackUsed', '--accept', accept]);
    expect(stale.stdout).toMatch(/STALE ACCEPT ENTRIES[\s\S]*killed by hardcoded-single: no longer needs accepting/);
    expect(stale.code).toBe(1);
  });

  it('writes JSON to stdout with --json -, the report going to stderr', () => {
    const r = runCli(['mutate', 'hardcoded-single', '--alert', 'LunarHardcodedFallbackUsed', '--json', '-']);
    const json = JSON.parse(r.stdout) as RunJson;
    expect(json.ok).toBe(json.mutants.every((m) => m.status === 'killed'));
    expect(r.stderr).toMatch(/mutate: \d+ mutants of .* over 1 scenarios/);
  });
});
