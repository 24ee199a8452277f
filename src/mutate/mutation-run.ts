/**
 * Runs a scenario library against every mutant of a rules file. The data of a scenario do not depend on the rules,
 * so each scenario is simulated and backfilled ONCE (its recording rules stored as shipped), the original rules are
 * judged on it as verify judges them (Alertmanager included, for `page:`/`warn:` expectations), and every mutant's
 * expression is queried against that one Prometheus (timing mutants reuse the original expression's values) and
 * judged with all the scenario's other alerts (scenario-judge.ts). A mutant is killed by a scenario whose
 * expectations hold for the original rules and fail for the mutant. By default a killed mutant is not tried on the
 * scenarios after it (`full` tries every pair, for the whole matrix).
 */
import { performance } from 'node:perf_hooks';
import { inPool } from '../core/pool.js';
import { AlertmanagerOracle } from '../notify/alertmanager-oracle.js';
import { ALERTMANAGER, requireBinary } from '../prometheus/binaries.js';
import { withScratch } from '../prometheus/scratch.js';
import type { Scenario } from '../scenario/scenario.js';
import { judge } from '../verify/judge.js';
import { evaluateRule, serveScenarioData } from '../verify/scenario-data.js';
import type { PreparedRules } from '../verify/verify-run.js';
import { episodesOf, notificationsOf } from '../verify/verify-scenario.js';
import { judgeAlertmanagerMutants, type AlertmanagerResult, type NotifiedScenario } from './alertmanager-run.js';
import { isRuleMutant, type Mutant, type RuleMutant } from './mutant.js';
import { ScenarioJudge, type MutantObservation } from './scenario-judge.js';
import { storeSharedAggregates } from './shared-aggregates.js';

export type { MutantObservation } from './scenario-judge.js';

export interface MutantResult<M extends Mutant = Mutant> {
  mutant: M;
  observations: MutantObservation[];
  killedBy: string[];
}

export interface ScenarioOutcome {
  scenario: string;
  /** False when the original rules already fail the scenario (or it has no `expect:`): it cannot judge mutants. */
  usable: boolean;
  note: string;
  /** Range queries against the scenario's Prometheus (the originals' and the mutants'). */
  queries: number;
  /** Timelines asked of Alertmanager (the original's and the mutants' that differ from it). */
  notificationQueries: number;
  ms: number;
}

export interface MutationRun {
  results: MutantResult[];
  scenarios: ScenarioOutcome[];
  totalMs: number;
}

export interface MutationOptions {
  concurrency?: number;
  /** Try every mutant on every scenario, even once killed. */
  full?: boolean;
  onProgress?: (scenario: string, done: number, total: number) => void;
}

function expectsNotifications(s: Scenario): boolean {
  return (s.expect?.notify.length ?? 0) > 0;
}

/** Judges every mutant against every usable scenario of the library, with the rules file's records and Alertmanager. */
export async function runMutation(scenarios: readonly Scenario[], prepared: PreparedRules, mutants: readonly Mutant[], o: MutationOptions = {}): Promise<MutationRun> {
  const start = performance.now();
  const results: MutantResult[] = mutants.map((mutant) => ({ mutant, observations: [], killedBy: [] }));
  const ruleResults = results.filter((r): r is MutantResult<RuleMutant> => isRuleMutant(r.mutant));
  const amResults = results.filter((r) => !isRuleMutant(r.mutant)) as AlertmanagerResult[];
  const notified: NotifiedScenario[] = [];
  let done = 0;
  const bin = scenarios.some(expectsNotifications) ? requireBinary(ALERTMANAGER) : '';
  const outcomes = await inPool(scenarios, o.concurrency ?? 2, async (s) => {
    const outcome = await judgeScenario(s, prepared, ruleResults, bin, o, notified);
    o.onProgress?.(s.name, ++done, scenarios.length);
    return outcome;
  });
  // In library order, so that the first scenario to kill an Alertmanager mutant is the same on every run.
  const order = new Map(scenarios.map((s, i) => [s.name, i]));
  notified.sort((a, b) => order.get(a.scenario.name)! - order.get(b.scenario.name)!);
  if (amResults.length > 0 && notified.length > 0) await judgeAlertmanagerMutants(amResults, notified, prepared.rules, bin, o.full);
  return { results, scenarios: outcomes, totalMs: performance.now() - start };
}

async function judgeScenario(
  scenario: Scenario,
  prepared: PreparedRules,
  results: MutantResult<RuleMutant>[],
  alertmanagerBin: string,
  o: MutationOptions,
  notified: NotifiedScenario[],
): Promise<ScenarioOutcome> {
  const t0 = performance.now();
  const { rules, records, bins } = prepared;
  return withScratch(async (scratch) => {
    // An Alertmanager of the scenario's own: one serving a whole run would hold every timeline ever asked of it, and
    // its API slows down with them.
    const oracle = expectsNotifications(scenario) ? await AlertmanagerOracle.start(alertmanagerBin, prepared.alertmanagerFile, scratch) : undefined;
    const data = await serveScenarioData(scenario, rules, bins, scratch, { records, alsoEvaluated: results.map((r) => r.mutant.rule.expr) });
    const evaluations = await inPool(rules, 4, (rule) => evaluateRule(data, rule));
    const episodes = episodesOf(evaluations);
    const outcome = (usable: boolean, note: string, j?: ScenarioJudge): ScenarioOutcome => ({
      scenario: scenario.name,
      usable,
      note,
      queries: rules.length + (j?.queries ?? 0),
      notificationQueries: (oracle ? 1 : 0) + (j?.notificationQueries ?? 0),
      ms: performance.now() - t0,
    });
    if (!scenario.expect) return outcome(false, 'no expect: block');
    const notifications = await notificationsOf(scenario, episodes, data.to, oracle);
    const failing = judge(scenario, rules, episodes, notifications).filter((v) => !v.ok);
    if (failing.length > 0) return outcome(false, `fails on the original rules (${failing.map((v) => `${v.alert}: ${v.reason}`).join('; ')})`);
    if (notifications !== null) notified.push({ scenario, episodes, end: data.to, notifications });
    const pending = results.filter((r) => o.full || r.killedBy.length === 0);
    const originals = new Set(rules.map((r) => r.expr));
    const shared = await storeSharedAggregates(data, pending.map((r) => r.mutant.rule).filter((r) => !originals.has(r.expr)));
    const judgeOf = new ScenarioJudge(scenario, data, rules, new Map(evaluations.map((e) => [e.rule.name, e])), episodes, oracle, shared.read);
    judgeOf.queries += shared.stored;
    await inPool(pending, 4, async (r) => {
      if (!o.full && r.killedBy.length > 0) return;
      const obs = await judgeOf.observe(r.mutant);
      r.observations.push(obs);
      if (obs.killReason) r.killedBy.push(scenario.name);
    });
    return outcome(true, '', judgeOf);
  });
}
