import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { METRIC_LIST } from '../../src/metrics/catalogue.js';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { PROMTOOL } from '../../src/prometheus/binaries.js';
import { loadScenario, scenarioNames } from '../../src/scenario/catalogue.js';
import { BIN, runCli, startCli } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lunar-sim validate', () => {
  it('lists every problem of a broken file with its line, exits 1, and prints no stack trace', () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'name: broken\nsummary: x\nseed: 1\nduration: 1 hour\nsurprise: 1\ntraffic: { rate: -2/min }\nbase: { cache: { hit_ratio: 1.5 } }\n');
    const r = runCli(['validate', file, 'baseline']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('baseline: ok');
    expect(r.stderr).toContain(`${file}: 4 problems`);
    expect(r.stderr).toContain(`${file}:4:1 duration:`);
    expect(r.stderr).toContain(`${file}:5:1 surprise: unknown key "surprise"`);
    expect(r.stderr).toContain(`${file}:6:12 traffic.rate:`);
    expect(r.stderr).toContain(`${file}:7:18 base.cache.hit_ratio: a probability cannot be above 1`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('checks alert names against --rules, and says when those rules cannot be read', () => {
    const file = path.join(dir, 'typo.yaml');
    writeFileSync(file, 'name: typo\nsummary: x\nseed: 1\nduration: 1h\ntraffic: { rate: 1/min }\nexpect:\n  fire: []\n  allow: [LunarGenerationStuk]\n');
    const typo = runCli(['validate', file]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`${file}:8:11 expect.allow[0]: no alert named LunarGenerationStuk in the rules (did you mean LunarGenerationStuck?)`);
    const noRules = runCli(['validate', file, '--rules', path.join(dir, 'no-such-rules.yml')]);
    expect(noRules.code).toBe(2);
    expect(noRules.stderr).toBe(`lunar-sim: cannot read ${path.join(dir, 'no-such-rules.yml')}: no such file (ENOENT)\n`);
  });

  it('warns of an error type that nearly is a known one, and still passes the file, exit 0', () => {
    const file = path.join(dir, 'near-miss.yaml');
    writeFileSync(file, 'name: near-miss\nsummary: x\nseed: 1\nduration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { errors: { api_eror: 0.1 } } }\n');
    const r = runCli(['validate', file]);
    expect([r.code, r.stdout]).toEqual([0, `${file}: ok (near-miss, 0 phases)\n`]);
    expect(r.stderr).toBe(`lunar-sim: warning: ${file}:6:29 base.claude.errors.api_eror: api_eror is not an error type the simulated API knows (api_error, rate_limit, overloaded): a new one is fine, but did you mean api_error?\n`);
  });

  it('says the same one line about a missing --rules file in lint, verify, drill and demo, exit 2', () => {
    const missing = path.join(dir, 'no-such-rules.yml');
    for (const args of [['lint'], ['verify', 'baseline'], ['drill', 'baseline'], ['demo', 'baseline', '--port', '0']]) {
      const r = runCli([...args, '--rules', missing]);
      expect([args[0], r.code, r.stderr]).toEqual([args[0], 2, `lunar-sim: cannot read ${missing}: no such file (ENOENT)\n`]);
    }
  });

  it.runIf(binaryForTest(PROMTOOL) !== null)('suggests the nearest alert for mutate --alert, exit 2', () => {
    const r = runCli(['mutate', 'hardcoded-single', '--alert', 'LunarFallbackCritical']);
    expect([r.code, r.stderr]).toEqual([2, `lunar-sim: --alert LunarFallbackCritical: no alert of that name in ${RULES_FILE} (did you mean LunarGenerationFallbackCritical?)\n`]);
  });

  it('suggests the nearest scenario name, and says where the others are listed, exit 2', () => {
    const count = scenarioNames().length;
    const typo = runCli(['demo', 'claude-outgae', '--port', '0']);
    expect([typo.code, typo.stderr]).toEqual([2, `lunar-sim: no scenario named "claude-outgae" and no such file (did you mean claude-outage?); lunar-sim list shows the ${count} scenarios\n`]);
    const none = runCli(['show', 'no-such-scenario']);
    expect([none.code, none.stderr]).toEqual([2, `lunar-sim: no scenario named "no-such-scenario" and no such file; lunar-sim list shows the ${count} scenarios\n`]);
  });

  it.each([
    [['run', 'baseline', '--sped', '120'], 'unknown flag --sped for run (did you mean --speed?)'],
    [['run', 'baseline', '--colour', 'red'], 'unknown flag --colour for run (lunar-sim run --help lists them)'],
    [['push', 'baseline', '--url', 'http://127.0.0.1:1/', '--bearer-tokn', 'x'], 'unknown flag --bearer-tokn for push (did you mean --bearer-token?)'],
    [['shwo', 'baseline'], 'unknown command shwo (did you mean show?)'],
    [['frobnicate'], 'unknown command frobnicate; the commands: demo, drill, run, list, show, validate, verify, mutate, export, calibrate, backtest, lint, load, push'],
    [['drill'], 'drill needs a scenario (a name from lunar-sim list, or a YAML file), e.g. lunar-sim drill claude-outage'],
    [['show'], 'show needs a scenario (a name from lunar-sim list, or a YAML file), e.g. lunar-sim show claude-outage'],
    [['validate'], 'validate needs one or more scenario files (or names), e.g. lunar-sim validate my-scenario.yaml'],
    [['run', '--traffic', 'externl'], '--traffic externl: expected scenario or external (did you mean external?)'],
    [['export', 'promtol', 'baseline'], '--format promtol: expected promtool (did you mean promtool?)'],
  ])('%j: one line with a suggestion, exit 2', (args, message) => {
    const r = runCli(args);
    expect([r.code, r.stderr]).toEqual([2, `lunar-sim: ${message}\n`]);
  });
});

describe('lunar-sim list and show', () => {
  it('lists every shipped scenario with its summary', () => {
    const r = runCli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^baseline\s+A healthy day/m);
  });

  it('lists and shows scenarios as JSON for tools', () => {
    const list = runCli(['list', '--json']);
    const rows = JSON.parse(list.stdout) as { name: string; fires: string[] | null; notifies: unknown[] | null; durationMs: number }[];
    expect(rows.find((r) => r.name === 'claude-outage')).toMatchObject({ durationMs: 4 * 3_600_000, fires: [], notifies: [{ kind: 'page', group: 'claude' }] });
    expect(rows.find((r) => r.name === 'fallback-just-above')!.fires).toEqual(['LunarGenerationFallbackHigh']);
    const show = runCli(['show', 'claude-outage', '--json']);
    const s = JSON.parse(show.stdout);
    expect([s.name, s.start, s.warmup, s.phases.map((p: { name: string; at: number }) => [p.name, p.at])]).toEqual([
      'claude-outage', '2026-01-05T13:00:00.000Z', 6 * 3_600_000, [['incident', 3_600_000], ['recovered', 7_200_000]],
    ]);
    expect(s.description[0]).toMatch(/^claude-outage — Claude answers/);
    expect(s.description.at(-1)).toBe('expect: a page of claude to oncall within 15m of incident, resolved within 45m of recovered, once; every other alert silent');
  });

  it('shows the phase timeline in words', () => {
    const file = path.join(dir, 'phases.yaml');
    writeFileSync(file, 'name: phases\nsummary: two phases\nseed: 1\nduration: 2h\ntraffic: { rate: 10/min }\nphases:\n  - { name: slow, at: 30m, ramp: 10m, profile: { claude: { ttft: { median: 40s } } } }\n  - { name: outage, at: 1h, down: true }\n');
    const r = runCli(['show', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/at 30m\s+slow \(ramp over 10m\): 10\/min/);
    expect(r.stdout).toMatch(/first token ~40s/);
    expect(r.stdout).toMatch(/at 1h\s+outage: the API is down/);
  });
});

describe('lunar-sim run', () => {
  it('serves every metric of the contract on a real socket, passes promtool, and stops cleanly on SIGTERM', async () => {
    const cli = startCli(['run', 'baseline', '--port', '0', '--speed', '600', '--from', '12h']);
    try {
      const [, url] = await cli.waitFor(/metrics:\s+(http:\/\/\S+)\/metrics/);
      await new Promise((r) => setTimeout(r, 1500));
      const body = await (await fetch(`${url}/metrics`)).text();
      for (const def of METRIC_LIST) expect(body).toContain(`# TYPE ${def.name} ${def.type}`);
      expect(body).toMatch(/^lunar_interpretation_generated_total\{source="claude",model="claude-opus-4-5-20251101"\} [1-9]/m);
      const promtool = binaryForTest(PROMTOOL);
      if (promtool) {
        const check = spawnSync(promtool, ['check', 'metrics'], { input: body, encoding: 'utf8' });
        expect(check.stdout + check.stderr).toBe('');
      }
      expect(cli.output()).toMatch(/warning: at speed ×600/);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/stopped \(SIGTERM\) after \d+ generations/);
  });

  it('refuses to bind a public address without a token', () => {
    const r = runCli(['run', 'baseline', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pass --token/);
  });

  it('reports a port in use in one line, exit 2', async () => {
    const first = startCli(['run', 'baseline', '--port', '0']);
    try {
      const [, port] = await first.waitFor(/127\.0\.0\.1:(\d+)\/metrics/);
      const r = runCli(['run', 'baseline', '--port', port]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`lunar-sim: port ${port} on 127.0.0.1 is in use: pick another with --port\n`);
    } finally {
      first.child.kill('SIGINT');
    }
    expect(await first.exited).toBe(0);
  });
});

describe('output into a closed pipe (lunar-sim list | head -1)', () => {
  /** Runs the CLI with the reading end of its stdout already closed: every write fails with EPIPE, no race. */
  async function intoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    return { code, stderr };
  }

  for (const args of [['list'], ['show', 'baseline']]) {
    it(`${args.join(' ')}: stops quietly with 141 (128 + SIGPIPE, what the shell reports for other programs)`, async () => {
      expect(await intoClosedPipe(args)).toEqual({ code: 141, stderr: '' });
    });
  }

  it('--help: quiet too (yargs exits 0 as soon as the help is written, before the write error arrives)', async () => {
    expect(await intoClosedPipe(['--help'])).toEqual({ code: 0, stderr: '' });
  });
});

describe('lunar-sim --help', () => {
  it('lists demo and drill first', () => {
    const r = runCli(['--help']);
    const commands = [...r.stdout.matchAll(/^ {2}lunar-sim (\S+)/gm)].map((m) => m[1]);
    expect(commands.slice(0, 3)).toEqual(['demo', 'drill', 'run']);
    expect(commands).toHaveLength(COMMANDS.length);
  });

  it('run --help: the run\'s own flags first, remote write under its own heading after them', () => {
    const help = runCli(['run', '--help']).stdout;
    const at = (text: string): number => help.indexOf(text);
    const heading = at('\nRemote write:\n');
    expect(heading).toBeGreaterThan(0);
    for (const own of ['--port', '--speed', '--from', '--host', '--token ']) expect([own, at(own) < heading]).toEqual([own, true]);
    for (const rw of ['--remote-write ', '--timeout', '--retries', '--job', '--instance', '--bearer-token ', '--header']) expect([rw, at(rw) > heading]).toEqual([rw, true]);
  });

  it.each(COMMANDS.map((c) => c.command.split(' ')[0]))('%s --help shows two or three examples', (name) => {
    const help = runCli([name, '--help']).stdout;
    const examples = help.split('\nExamples:\n')[1] ?? '';
    const lines = examples.split('\n').filter((l) => l.startsWith(`  lunar-sim ${name}`));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
  });
});
