/**
 * Long (a minute of queries): `backtest --mutants` over claude-outage pushed into a real Prometheus — every rule
 * mutant of mutate's operators backtested over the history, each told apart from the original or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleMutants, type MutantOutcome } from '../../src/backtest/mutant-backtest.js';
import { RULES_FILE } from '../../src/monitoring/files.js';
import { PROMETHEUS } from '../../src/prometheus/binaries.js';
import { Scratch } from '../../src/prometheus/scratch.js';
import { startPrometheus } from '../../src/prometheus/server.js';
import { loadScenario } from '../../src/scenario/catalogue.js';
import { loadRuleFile } from '../../src/verify/rules.js';
import { runCliAsync } from '../support/cli.js';
import { binaryForTest } from '../support/prometheus.js';

const prometheus = binaryForTest(PROMETHEUS);

interface Doc {
  alerts: { alert: string; firings: unknown[] }[];
  mutants: MutantOutcome[];
}

describe.runIf(prometheus !== null)('backtest --mutants', () => {
  const scratch = new Scratch();
  let url = '';
  beforeAll(async () => {
    ({ url } = await startPrometheus(prometheus!, scratch.tempDir('backtest-mutants-tsdb'), scratch, undefined, ['--web.enable-remote-write-receiver']));
    const push = await runCliAsync(['push', 'claude-outage', '--url', `${url}/api/v1/write`]);
    expect(push.code, push.stderr).toBe(0);
  }, 60_000);
  afterAll(() => scratch.dispose());

  it("backtests every rule mutant of mutate's operators, each told apart or not by the outage's history", async () => {
    const s = loadScenario('claude-outage');
    const from = new Date(s.start - s.warmup).toISOString();
    const to = new Date(s.start + s.duration).toISOString();
    const r = await runCliAsync(['backtest', '--url', url, '--from', from, '--to', to, '--mutants', '--json', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/mutants: \d+ rule mutants \(mutate's operators\); \d+ would have fired differently/);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.mutants.map((m) => m.id)).toEqual(ruleMutants(loadRuleFile(RULES_FILE)).map((m) => m.id));
    // Each mutant's firings are matched against its alert's own: those kept (unchanged or moved) and those removed
    // are exactly the original's.
    const original = new Map<string, number>();
    for (const a of doc.alerts) original.set(a.alert, (original.get(a.alert) ?? 0) + a.firings.length);
    for (const m of doc.mutants) expect(m.unchanged + m.moved + m.removed, m.id).toBe(original.get(m.alert) ?? 0);
    // The outage's page: a longer `for` fires it later.
    const told = new Set(doc.mutants.filter((m) => m.added + m.removed + m.moved > 0).map((m) => m.id));
    expect([...told].some((id) => id.startsWith('LunarClaudeDown: for'))).toBe(true);
    // An alert that never fired over these ten hours, mutated in its `for`, still never fires: the history cannot tell.
    expect(told.has(doc.mutants.find((m) => m.alert === 'LunarGenerationCostCritical' && m.operator === 'for')!.id)).toBe(false);
  }, 400_000);
});
