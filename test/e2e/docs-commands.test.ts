/**
 * The documentation's command lines, checked (issue 20): every one parses with lunar-sim's own flags and names
 * scenarios that exist; the quick ones run and succeed; the verify output README shows is what verify prints; the push
 * README shows works against the Prometheus monitoring/README.md starts. Long runs (demo, drill, load, a month's push)
 * are parsed here and run elsewhere (test/long, the demo and drill tests).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { Scratch } from '../../src/prometheus/scratch.js';
import { scenarioNames } from '../../src/scenario/catalogue.js';
import { runCli } from '../support/cli.js';
import { docExamples, parseOnly } from '../support/doc-examples.js';
import { startDocumentedPrometheus } from '../support/documented-prometheus.js';
import { binaryForTest } from '../support/prometheus.js';

const examples = docExamples();
const names = new Set(scenarioNames());
const promtool = binaryForTest(PROMTOOL);
const prometheus = binaryForTest(PROMETHEUS);
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-docs-commands-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The scenario names a parsed command line gives (files are not names). */
function scenariosOf(argv: Record<string, unknown>): string[] {
  const given = [argv.scenario, ...((argv.scenarios as string[] | undefined) ?? [])].filter((s): s is string => typeof s === 'string');
  return given.filter((s) => !s.includes('/') && !/\.ya?ml$/.test(s));
}

describe("the documentation's command lines", () => {
  it('are many: README alone shows more than fifteen', () => {
    expect(examples.filter((e) => e.file === 'README.md').length).toBeGreaterThan(15);
  });

  it.each([...examples.map((e) => [`${e.file}: ${e.line}`, e.args] as const), ...COMMANDS.flatMap((c) => c.examples.map(([line]) => [`--help: ${line}`, line.split(' ').slice(1)] as const))])(
    'parse, with scenarios that exist: %s',
    async (_, args) => {
      const { argv, error } = await parseOnly([...args]);
      expect(error).toBeUndefined();
      for (const s of scenariosOf(argv!)) expect(names.has(s), `no scenario named ${s}`).toBe(true);
    },
  );

  const quick = examples.filter((e) => ['list', 'show', 'lint'].includes(e.args[0]) && !e.args.includes('--rules') && !e.args.some((a) => a.endsWith('.yaml')));
  it.each(quick.map((e) => [e.line, e.args] as const))('run and succeed: %s', (_, args) => {
    if (args[0] === 'lint' && !promtool) return;
    const r = runCli([...args]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe.runIf(promtool !== null && prometheus !== null)("README's verify output", () => {
  it('is what verify prints', () => {
    const block = /```\n\$ npx lunar-sim (verify [^\n]+)\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))!;
    const r = runCli(block[1].split(' '));
    expect(r.code).toBe(0);
    const normalise = (t: string): string => t.replace(/\(\d+(\.\d+)? s of work\)/, '(… s of work)').trim();
    expect(normalise(r.stdout)).toBe(normalise(block[2]));
  });
});

describe.runIf(prometheus !== null)("README's push, into the Prometheus monitoring/README.md starts", () => {
  const scratch = new Scratch();
  afterAll(() => scratch.dispose());

  it('stores a history that ends now and began a month ago (its --to shortened to 6h: test/long runs the month)', async () => {
    const url = await startDocumentedPrometheus(prometheus!, scratch);
    // It already holds live data, as a Prometheus that scrapes does: the history is older than its newest sample.
    const live = await runCli(['push', 'api-down', '--start-at', 'now-10m', '--to', '0s', '--from', '-10m', '--url', `${url}/api/v1/write`, '--instance', 'live']);
    expect(live.code, live.stderr).toBe(0);
    const push = examples.find((e) => e.file === 'README.md' && e.args[0] === 'push')!;
    const args = push.args.map((a) => (a === 'http://127.0.0.1:9090/api/v1/write' ? `${url}/api/v1/write` : a === '29d' ? '6h' : a));
    expect(args).toContain('now-30d');
    const r = runCli(args);
    expect(r.code, r.stderr).toBe(0);
    const from = Date.now() / 1000 - 30 * 86_400;
    const q = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: 'count(lunar_interpretation_active_generations{instance="lunar-sim"})', time: String(from + 3600) })}`);
    const result = ((await q.json()) as { data: { result: { value: [number, string] }[] } }).data.result;
    expect(result.map((x) => x.value[1])).toEqual(['1']);
  });
});
