/**
 * Runs a scenario library against every mutant of a rules file. The data of a scenario do not depend on the rules,
 * so each scenario is simulated and backfilled ONCE, and every mutant's expression is queried against that one
 * Prometheus (timing mutants reuse the original expression's values). A mutant is killed by a scenario whose
 * expectations hold for the original rules and fail for the mutant. By default a killed mutant is not tried on the
 * scenarios after it (`full` tries every pair, for the whole matrix).
 */
import { performance } from 'node:perf_hooks';
import { inPool } from '../core/pool.js';
import { withScratch } from '../prometheus/scratch.js';
import type { Scenario } from '../scenario/scenario.js';
import { alertTimeline, type AlertEpisode } from '../verify/alert-timeline.js';
import { judge } from '../verify/judge.js';
import type { AlertRule, RecordingRule } from '../verify/rules.js';
import { evaluateRule, serveScenarioData, type Binaries, type RuleEvaluation, type ScenarioData } from '../verify/scenario-data.js';
import type { Mutant } from './mutant.js';

/** What one scenario said of one mutant. */
export interface MutantObservation {
  scenario: string;
  /** The failing verdict's reason under the mutant; empty when the scenario's expectations still hold. */
  killReason: string;
  /** How the mutant's alert behaved differently from the original's here (empty: identical). */
  difference: string;
}

export interface MutantResult {
  mutant: Mutant;
  observations: MutantObservation[];
  killedBy: string[];
}

export interface ScenarioOutcome {
  scenario: string;
  /** False when the original rules already fail the scenario (or it has no `expect:`): it cannot judge mutants. */
  usable: boolean;
  note: string;
  queries: number;
  ms: number;
}

export interface MutationRun {
  results: MutantResult[];
  scenarios: ScenarioOutcome[];
  totalMs: number;
}

export interface MutationOptions {
  bins: Binaries;
  /** The rules file's recording rules, stored before any alert or mutant is evaluated. */
  records?: readonly RecordingRule[];
  concurrency?: number;
  /** Try every mutant on every scenario, even once killed. */
  full?: boolean;
  onProgress?: (scenario: string, done: number, total: number) => void;
}

function describeEpisodes(episodes: readonly AlertEpisode[], t0: number): string {
  const fired = episodes.filter((e) => e.firedAt !== null);
  if (fired.length === 0) return 'silent';
  const m = (t: number): string => `${Math.round((t - t0) / 60_000)}m`;
  return fired.map((e) => `${m(e.firedAt!)}→${e.resolvedAt === null ? 'end' : m(e.resolvedAt)}`).join(', ');
}

class ScenarioJudge {
  private readonly exprCache = new Map<string, Promise<RuleEvaluation>>();
  queries = 0;

  constructor(
    readonly scenario: Scenario,
    private readonly data: ScenarioData,
    private readonly originals: Map<string, RuleEvaluation>,
  ) {}

  private evaluation(rule: AlertRule): Promise<RuleEvaluation> {
    const original = this.originals.get(rule.name)!;
    if (rule.expr === original.rule.expr) return Promise.resolve(original);
    let e = this.exprCache.get(rule.expr);
    if (!e) {
      this.queries++;
      this.exprCache.set(rule.expr, (e = evaluateRule(this.data, rule)));
    }
    return e;
  }

  async observe(m: Mutant): Promise<MutantObservation> {
    const ev = await this.evaluation(m.rule);
    const episodes = alertTimeline(m.rule, ev.series, ev.evaluations);
    const verdicts = judge(this.scenario, [m.rule], episodes).filter((v) => v.alert === m.alert);
    const failed = verdicts.find((v) => !v.ok);
    const original = this.originals.get(m.alert)!;
    const before = describeEpisodes(alertTimeline(original.rule, original.series, original.evaluations), this.scenario.start);
    const after = describeEpisodes(episodes, this.scenario.start);
    return { scenario: this.scenario.name, killReason: failed?.reason ?? '', difference: before === after ? '' : `${before} → ${after}` };
  }
}

/** Judges every mutant against every usable scenario of the library. */
export async function runMutation(scenarios: readonly Scenario[], rules: readonly AlertRule[], mutants: readonly Mutant[], o: MutationOptions): Promise<MutationRun> {
  const start = performance.now();
  const results: MutantResult[] = mutants.map((mutant) => ({ mutant, observations: [], killedBy: [] }));
  let done = 0;
  const outcomes = await inPool(scenarios, o.concurrency ?? 2, async (s) => {
    const outcome = await judgeScenario(s, rules, results, o);
    o.onProgress?.(s.name, ++done, scenarios.length);
    return outcome;
  });
  return { results, scenarios: outcomes, totalMs: performance.now() - start };
}

async function judgeScenario(scenario: Scenario, rules: readonly AlertRule[], results: MutantResult[], o: MutationOptions): Promise<ScenarioOutcome> {
  const t0 = performance.now();
  return withScratch(async (scratch) => {
    const data = await serveScenarioData(scenario, rules, o.bins, scratch, { records: o.records, alsoEvaluated: results.map((r) => r.mutant.rule.expr) });
    const evaluations = await inPool(rules, 4, (rule) => evaluateRule(data, rule));
    const originals = new Map(evaluations.map((e) => [e.rule.name, e]));
    const episodes = evaluations.flatMap((e) => alertTimeline(e.rule, e.series, e.evaluations));
    const failing = scenario.expect ? judge(scenario, rules, episodes).filter((v) => !v.ok) : [];
    if (!scenario.expect || failing.length > 0) {
      const note = !scenario.expect ? 'no expect: block' : `fails on the original rules (${failing.map((v) => `${v.alert}: ${v.reason}`).join('; ')})`;
      return { scenario: scenario.name, usable: false, note, queries: rules.length, ms: performance.now() - t0 };
    }
    const judgeOf = new ScenarioJudge(scenario, data, originals);
    const pending = results.filter((r) => o.full || r.killedBy.length === 0);
    await inPool(pending, 4, async (r) => {
      if (!o.full && r.killedBy.length > 0) return;
      const obs = await judgeOf.observe(r.mutant);
      r.observations.push(obs);
      if (obs.killReason) r.killedBy.push(scenario.name);
    });
    return { scenario: scenario.name, usable: true, note: '', queries: rules.length + judgeOf.queries, ms: performance.now() - t0 };
  });
}
