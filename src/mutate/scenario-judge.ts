/**
 * One scenario judging mutants, as verify judges the original rules: a mutant is judged with EVERY alert episode of
 * the scenario — the originals', the mutated alert's timeline replaced by the mutant's — and, when the scenario
 * expects notifications (`page:`/`warn:`), with what a real Alertmanager notifies of them. Alertmanager is asked only
 * when the mutant's timeline differs from the original's: an identical timeline notifies identically, and the
 * original verdict (every expectation met) stands.
 */
import type { AlertmanagerOracle } from '../notify/alertmanager-oracle.js';
import type { NotificationEpisode } from '../notify/notification-episodes.js';
import type { Scenario } from '../scenario/scenario.js';
import { alertTimeline, type AlertEpisode } from '../verify/alert-timeline.js';
import { judge } from '../verify/judge.js';
import type { AlertRule } from '../verify/rules.js';
import { evaluateRule, type RuleEvaluation, type ScenarioData } from '../verify/scenario-data.js';
import { notificationsOf } from '../verify/verify-scenario.js';
import type { RuleMutant } from './mutant.js';
import { readAsIs, type ExpressionReader } from './shared-aggregates.js';

/** What one scenario said of one mutant. */
export interface MutantObservation {
  scenario: string;
  /** The failing verdict's reason under the mutant; empty when the scenario's expectations still hold. */
  killReason: string;
  /** How the mutant's alert behaved differently from the original's here (empty: identical). */
  difference: string;
}

/** The fired episodes of one alert in a comparable form: what routing and the judge can see of them. */
function firedSignature(episodes: readonly AlertEpisode[]): string {
  const fired = episodes.filter((e) => e.firedAt !== null).map((e) => [Object.entries(e.labels).sort(), e.firedAt, e.resolvedAt]);
  return JSON.stringify(fired.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
}

function describeEpisodes(episodes: readonly AlertEpisode[], t0: number): string {
  const fired = episodes.filter((e) => e.firedAt !== null);
  if (fired.length === 0) return 'silent';
  const m = (t: number): string => `${Math.round((t - t0) / 60_000)}m`;
  return fired.map((e) => `${m(e.firedAt!)}→${e.resolvedAt === null ? 'end' : m(e.resolvedAt)}`).join(', ');
}

function describeDifference(before: readonly AlertEpisode[], after: readonly AlertEpisode[], t0: number): string {
  const [b, a] = [describeEpisodes(before, t0), describeEpisodes(after, t0)];
  if (b !== a) return `${b} → ${a}`;
  const labels = (eps: readonly AlertEpisode[]): string => JSON.stringify(eps.find((e) => e.firedAt !== null)?.labels ?? {});
  return `same times (${a}), labels ${labels(before)} → ${labels(after)}`;
}

export class ScenarioJudge {
  private readonly exprCache = new Map<string, Promise<RuleEvaluation>>();
  private readonly notificationCache = new Map<string, Promise<NotificationEpisode[] | null>>();
  /** Range queries made for mutants (an expression shared by several mutants is queried once; the parts they share are counted by the caller, who stores them). */
  queries = 0;
  /** Alertmanager timelines asked for mutants (each distinct timeline once). */
  notificationQueries = 0;

  constructor(
    readonly scenario: Scenario,
    private readonly data: ScenarioData,
    private readonly rules: readonly AlertRule[],
    private readonly originals: ReadonlyMap<string, RuleEvaluation>,
    private readonly episodes: readonly AlertEpisode[],
    private readonly oracle: AlertmanagerOracle | undefined,
    /** How a mutant's expression is queried: with the parts mutants share read from where they are stored. */
    private readonly read: ExpressionReader = readAsIs,
  ) {}

  private evaluation(rule: AlertRule): Promise<RuleEvaluation> {
    const original = this.originals.get(rule.name)!;
    if (rule.expr === original.rule.expr) return Promise.resolve(original);
    let e = this.exprCache.get(rule.expr);
    if (!e) {
      this.queries++;
      this.exprCache.set(rule.expr, (e = evaluateRule(this.data, rule, this.read(rule))));
    }
    return e;
  }

  /** What Alertmanager notifies of `episodes` (null when the scenario expects no notifications); asked once per distinct timeline. */
  private notifications(episodes: readonly AlertEpisode[]): Promise<NotificationEpisode[] | null> {
    if ((this.scenario.expect?.notify.length ?? 0) === 0) return Promise.resolve(null);
    const key = firedSignature(episodes);
    let n = this.notificationCache.get(key);
    if (!n) {
      this.notificationQueries++;
      this.notificationCache.set(key, (n = notificationsOf(this.scenario, episodes, this.data.to, this.oracle)));
    }
    return n;
  }

  /** Judges `m` on this scenario (whose original verdicts all hold). */
  async observe(m: RuleMutant): Promise<MutantObservation> {
    const ev = await this.evaluation(m.rule);
    const own = alertTimeline(m.rule, ev.series, ev.evaluations);
    const before = this.episodes.filter((e) => e.alert === m.alert);
    if (firedSignature(own) === firedSignature(before)) return { scenario: this.scenario.name, killReason: '', difference: '' };
    const episodes = [...this.episodes.filter((e) => e.alert !== m.alert), ...own];
    const rules = this.rules.map((r) => (r.name === m.alert ? m.rule : r));
    const notifications = await this.notifications(episodes);
    const failed = judge(this.scenario, rules, episodes, notifications).find((v) => !v.ok);
    return { scenario: this.scenario.name, killReason: failed ? `${failed.alert}: ${failed.reason}` : '', difference: describeDifference(before, own, this.scenario.start) };
  }
}
