/**
 * Judges a dashboard against one scenario's data, in the Prometheus verify already serves it from: each panel query
 * (variables resolved) through one query_range over the scenario's run, then
 * - a query that returns nothing over the whole run of a scenario with traffic fails (a misspelt metric, a label
 *   the data never has);
 * - on a healthy scenario, a coloured panel must not show a warning or critical colour after the first
 *   HEALTHY_GRACE of the run (budget: HEALTHY_BUDGET_POINTS points), except for a series whose step stands for an
 *   alert the scenario `allow`s (a real budget breach is red, as it should be);
 * - an incident scenario turns the panel that shows it (incident-check.ts);
 * - a panel that shows several series names them (static-checks.ts).
 * A colour is judged only where the dashboard's `$interval` holds MIN_EVIDENCE generations: a ratio or a quantile of
 * fewer calls is noise (a trickle of 5 calls per window reads 0 % or 100 % cached), as the alerts' own guards say.
 */
import { formatDuration } from '../core/units.js';
import { ChildProcessError } from '../errors.js';
import { METRICS } from '../metrics/catalogue.js';
import { inPool } from '../core/pool.js';
import { queryRange, type RangeSeries } from '../prometheus/query-client.js';
import type { Scenario } from '../scenario/scenario.js';
import type { AlertRule } from '../verify/rules.js';
import { incidentFindings } from './incident-check.js';
import { alarmingSpans, type ColourSpan, type Steps } from './colours.js';
import { specOf, type LoadedDashboard, type SpecPanel, type SpecTarget } from './dashboard-spec.js';
import { legendFindings, type DashboardFinding } from './static-checks.js';
import { THRESHOLD_LINKS } from './threshold-map.js';

/** The start of a run during which colours are not judged: windows such as `[$interval]` fill, counters appear. */
export const HEALTHY_GRACE_MS = 30 * 60_000;
/** Points a healthy run may show in a warning or critical colour after the grace. */
export const HEALTHY_BUDGET_POINTS = 0;
/** Generations a window must hold for a colour to be judged: the smallest guard of the shipped alerts (cache: 30). */
export const MIN_EVIDENCE = 30;
/** The most points one panel query is evaluated at: one query_range each, whatever the scenario's length. */
const MAX_POINTS = 1_440;

/**
 * Healthy: the scenario expects no alert to fire and nothing to notify, and nothing changes during it (no phases).
 * A scenario whose phase sits just under a threshold expects silence too, but may rightly show a warning colour.
 */
export function isHealthy(s: Scenario): boolean {
  return s.expect !== null && s.expect !== undefined && s.expect.fire.length === 0 && s.expect.notify.length === 0 && s.phases.length === 0;
}

/** The step the dashboard is judged at: a minute, or coarser so that a run holds at most MAX_POINTS points. */
export function checkStepMs(durationMs: number, scrapeMs: number): number {
  const minute = 60_000;
  return Math.max(scrapeMs, minute, Math.ceil(durationMs / (MAX_POINTS - 1) / minute) * minute);
}

/** Grafana's display name of a series: the legend template with `{{label}}` filled in. */
export function displayName(t: SpecTarget, labels: Record<string, string>): string {
  if (t.legend === null) return Object.keys(labels).length === 0 ? 'the value' : `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
  return t.legend.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => labels[k] ?? '');
}

function hasTraffic(s: Scenario): boolean {
  return s.traffic.rate > 0 || s.phases.some((p) => p.traffic.rate > 0);
}

/** Whether the scenario allows the alert a step of this series stands for (its name or its alert_group). */
function allowed(s: Scenario, p: SpecPanel, t: SpecTarget, rules: readonly AlertRule[]): boolean {
  const allow = new Set(s.expect?.allow ?? []);
  return THRESHOLD_LINKS.some((l) => {
    if (l.panel !== p.title || (l.refId !== undefined && l.refId !== t.refId)) return false;
    const group = rules.find((r) => r.name === l.alert)?.labels.alert_group;
    return allow.has(l.alert) || (group !== undefined && allow.has(group));
  });
}

function stepsFor(p: SpecPanel, t: SpecTarget, name: string): Steps {
  return p.stepsByRef.get(t.refId) ?? p.stepsByName.get(name) ?? p.steps;
}

/** Units as a reader writes them after a number. */
const UNIT_TEXT: Record<string, string> = { percent: '%', s: 's', ms: 'ms', currencyUSD: '$', short: '' };

/**
 * One finding per colour a series showed: how often, how many points, between which values, and when first (times
 * from the scenario's time 0).
 */
function colourFindings(p: SpecPanel, name: string, spans: readonly ColourSpan[], start: number): DashboardFinding[] {
  const at = (ms: number): string => formatDuration(Math.max(0, ms - start)) || '0s';
  const unit = p.unit === null ? '' : (UNIT_TEXT[p.unit] ?? ` ${p.unit}`);
  const num = (v: number): string => `${+v.toPrecision(4)}${unit === '$' || unit === '' || unit === '%' ? unit : ` ${unit}`}`;
  const colours = [...new Set(spans.map((x) => x.colour))];
  return colours.map((colour) => {
    const these = spans.filter((x) => x.colour === colour);
    const [first, last] = [these[0], these[these.length - 1]];
    const points = these.reduce((n, x) => n + x.points, 0);
    const [lo, hi] = [Math.min(...these.map((x) => x.min)), Math.max(...these.map((x) => x.max))];
    const when = these.length === 1 ? `${at(first.fromMs)}–${at(first.toMs)}` : `${these.length} times between ${at(first.fromMs)} and ${at(last.toMs)}`;
    return { panel: p.title, check: 'colour' as const, message: `${name} shows ${colour} (${first.severity}) in a healthy run: ${when}, ${points} point(s), values ${num(lo)}–${num(hi)}` };
  });
}

/** The times at which the last `interval` holds MIN_EVIDENCE generations. */
async function evidenceTimes(url: string, interval: string, from: number, to: number, stepMs: number): Promise<Set<number>> {
  const [total] = await queryRange(url, `sum(increase(${METRICS.generated.name}[${interval}])) >= ${MIN_EVIDENCE}`, from, to, stepMs);
  return new Set(total?.points.keys() ?? []);
}

/** A query's series, or why Prometheus refused it. */
type Reply = RangeSeries[] | string;

async function ask(url: string, query: string, from: number, to: number, stepMs: number): Promise<Reply> {
  try {
    return await queryRange(url, query, from, to, stepMs);
  } catch (e) {
    if (e instanceof ChildProcessError && /refused the query/.test(e.message)) return e.message.replace(/^.*?: /, '');
    throw e;
  }
}

/** The findings of one panel against its queries' answers. */
/** `points` where the evidence holds (kept as they are when no evidence was asked for). */
function judged(points: ReadonlyMap<number, number>, evidence: ReadonlySet<number> | null): Map<number, number> {
  return new Map([...points].filter(([t]) => evidence === null || evidence.has(t)));
}

function panelFindings(p: SpecPanel, replies: Reply[], s: Scenario, rules: readonly AlertRule[], range: string, evidence: ReadonlySet<number> | null): DashboardFinding[] {
  const out: DashboardFinding[] = [];
  p.targets.forEach((t, i) => {
    const r = replies[i];
    if (typeof r === 'string') out.push({ panel: p.title, check: 'no data', message: `query ${t.refId} is refused: ${r}` });
    else if (r.length === 0 && hasTraffic(s)) out.push({ panel: p.title, check: 'no data', message: `query ${t.refId} returns no data over the whole run (${range}): ${t.query}` });
  });
  const answers = replies.map((r) => (typeof r === 'string' ? [] : r));
  // Several queries are judged without data (static-checks.ts); one query may still split into several series.
  if (p.targets.length === 1) out.push(...legendFindings(p, answers[0].length));
  out.push(...incidentFindings(p, answers, s, rules));
  if (!p.coloured || !isHealthy(s)) return out;
  p.targets.forEach((t, i) => {
    if (allowed(s, p, t, rules)) return;
    for (const series of answers[i]) {
      const name = displayName(t, series.labels);
      const spans = alarmingSpans(judged(series.points, evidence), stepsFor(p, t, name), s.start + HEALTHY_GRACE_MS);
      if (spans.reduce((n, x) => n + x.points, 0) > HEALTHY_BUDGET_POINTS) out.push(...colourFindings(p, name, spans, s.start));
    }
  });
  return out;
}

/**
 * The dashboard's findings for `scenario`, from the Prometheus at `prometheusUrl` serving its data (warm-up
 * included). One query_range per panel query, four at a time.
 */
export async function judgeDashboard(dashboard: LoadedDashboard, scenario: Scenario, prometheusUrl: string, rules: readonly AlertRule[]): Promise<DashboardFinding[]> {
  const spec = specOf(dashboard, scenario.step);
  const stepMs = checkStepMs(scenario.duration, scenario.step);
  const from = scenario.start;
  const to = scenario.start + Math.floor(scenario.duration / stepMs) * stepMs;
  const queries = spec.panels.flatMap((p) => p.targets.map((t) => t.query));
  const replies = await inPool(queries, 4, (q) => ask(prometheusUrl, q, from, to, stepMs));
  let next = 0;
  const byPanel = spec.panels.map((p) => p.targets.map(() => replies[next++]));
  const range = `0s–${formatDuration(scenario.duration)}`;
  const evidence = isHealthy(scenario) ? await evidenceTimes(prometheusUrl, spec.variables.interval ?? '5m', from, to, stepMs) : null;
  return spec.panels.flatMap((p, pi) => panelFindings(p, byPanel[pi], scenario, rules, range, evidence));
}
