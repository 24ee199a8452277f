/**
 * A document's `expect:` block → Expectations, with the checks that make expectations constrain: every expected
 * firing or notification says when it must resolve (or that it outlasts the run), windows are ordered and inside the
 * run, incident moments name a phase or a time, and — when the rules are known — every alert and alert_group named
 * exists, so a typo cannot silently loosen a test.
 */
import { formatDuration, parseDuration } from '../core/units.js';
import { didYouMean } from '../core/spelling.js';
import type { PathProblem } from './build.js';
import type { ScenarioDocument } from './schema.js';
import type { ExpectedNotification, Expectations } from './scenario.js';

/** The names a rules file offers `expect:`: its alerts and its alert_groups. */
export interface RuleNames {
  alerts: readonly string[];
  groups: readonly string[];
}

/** The alert names and alert_group labels of a set of alert rules. */
export function ruleNames(rules: readonly { name: string; labels: Record<string, string> }[]): RuleNames {
  return { alerts: [...new Set(rules.map((r) => r.name))], groups: [...new Set(rules.flatMap((r) => (r.labels.alert_group ? [r.labels.alert_group] : [])))] };
}

type DocNotification = NonNullable<ScenarioDocument['expect']>['page'][number];

/** A phase name or a scenario time → scenario ms; null (with a problem) when it is neither. */
function moment(text: string, doc: ScenarioDocument, path: PathProblem['path'], problems: PathProblem[]): number | null {
  const phase = doc.phases?.find((p) => p.name === text);
  if (phase) return phase.at;
  const ms = parseDuration(text);
  if (ms !== null) return ms;
  const names = (doc.phases ?? []).map((p) => p.name);
  problems.push({ path, message: `no phase named ${text}${didYouMean(text, names)}, and not a time such as 1h${names.length ? ` (phases: ${names.join(', ')})` : ''}` });
  return null;
}

function notification(kind: ExpectedNotification['kind'], n: DocNotification, i: number, doc: ScenarioDocument, problems: PathProblem[]): ExpectedNotification | null {
  const at = (key: string): PathProblem['path'] => ['expect', kind, i, key];
  const from = moment(n.after, doc, at('after'), problems);
  const recovered = n.recovered === undefined ? undefined : moment(n.recovered, doc, at('recovered'), problems);
  if (from !== null && from > doc.duration) problems.push({ path: at('after'), message: 'the incident starts after the scenario ends' });
  if (n.within <= 0) problems.push({ path: at('within'), message: 'a deadline longer than 0s' });
  if (!n.firing_at_end && (n.recovered === undefined || n.resolve_within === undefined)) {
    problems.push({ path: ['expect', kind, i], message: 'say when it must resolve: `recovered: <phase or time>` and `resolve_within: <duration>`, or `firing_at_end: true` if the incident outlasts the run' });
  }
  if (n.firing_at_end && (n.recovered !== undefined || n.resolve_within !== undefined)) {
    problems.push({ path: at('firing_at_end'), message: 'give either `recovered` and `resolve_within`, or `firing_at_end: true`, not both' });
  }
  if (recovered != null && from !== null && recovered < from) problems.push({ path: at('recovered'), message: 'recovery comes before the incident starts' });
  if (recovered != null && n.resolve_within !== undefined && recovered + n.resolve_within > doc.duration) {
    problems.push({ path: at('resolve_within'), message: `the resolution deadline falls after the scenario ends (${formatDuration(doc.duration)}): lengthen the scenario, or use \`firing_at_end: true\`` });
  }
  if (from === null || recovered === null) return null;
  return {
    kind,
    group: n.group,
    from,
    fromName: n.after,
    within: n.within,
    recovered,
    recoveredName: n.recovered,
    resolveWithin: n.resolve_within,
    firingAtEnd: n.firing_at_end ?? false,
    receiver: n.receiver,
    max: n.max ?? 1,
  };
}

/** `expect:` as a Scenario holds it (null without the block); problems are appended to `problems`. */
export function buildExpectations(
  doc: ScenarioDocument,
  knownRules: RuleNames | (() => RuleNames) | undefined,
  problems: PathProblem[],
): Expectations | null {
  if (!doc.expect) return null;
  const duration = doc.duration;
  const fire = doc.expect.fire.map((f, i) => {
    const at = (key: string): PathProblem['path'] => ['expect', 'fire', i, key];
    if (f.after !== undefined && f.before !== undefined && f.after > f.before) problems.push({ path: at('after'), message: '`after` is later than `before`' });
    if (f.after !== undefined && f.after > duration) problems.push({ path: at('after'), message: 'the window starts after the scenario ends' });
    if (f.resolve_before === undefined && !f.firing_at_end) {
      problems.push({ path: ['expect', 'fire', i], message: 'say when it must resolve: `resolve_before: <time>`, or `firing_at_end: true` if the incident outlasts the run' });
    }
    if (f.resolve_before !== undefined && f.firing_at_end) {
      problems.push({ path: at('firing_at_end'), message: 'give either `resolve_before` or `firing_at_end: true`, not both' });
    }
    if (f.resolve_before !== undefined && f.resolve_before > duration) {
      problems.push({ path: at('resolve_before'), message: `after the scenario ends (${formatDuration(duration)}): use \`firing_at_end: true\`` });
    }
    if (f.resolve_after !== undefined && f.resolve_before !== undefined && f.resolve_after > f.resolve_before) {
      problems.push({ path: at('resolve_after'), message: '`resolve_after` is later than `resolve_before`' });
    }
    const firstFiring = f.after ?? 0;
    if (f.resolve_before !== undefined && f.resolve_before < firstFiring) {
      problems.push({ path: at('resolve_before'), message: 'it must resolve before it may first fire' });
    }
    return {
      alert: f.alert,
      labels: f.labels ?? {},
      after: f.after,
      before: f.before,
      resolveAfter: f.resolve_after,
      resolveBefore: f.resolve_before,
      maxFirings: f.max_firings ?? 1,
    };
  });
  const notify: ExpectedNotification[] = [];
  for (const kind of ['page', 'warn'] as const) {
    const seen = new Set<string>();
    doc.expect[kind].forEach((n, i) => {
      if (seen.has(n.group)) problems.push({ path: ['expect', kind, i, 'group'], message: `${kind}: ${n.group} is listed twice: one entry per class` });
      seen.add(n.group);
      const built = notification(kind, n, i, doc, problems);
      if (built) notify.push(built);
    });
  }
  const named = doc.expect.fire.length + doc.expect.allow.length + doc.expect.page.length + doc.expect.warn.length;
  if (knownRules && named > 0) {
    const known = typeof knownRules === 'function' ? knownRules() : knownRules;
    doc.expect.fire.forEach((f, i) => checkName(f.alert, ['expect', 'fire', i, 'alert'], known.alerts, problems));
    doc.expect.allow.forEach((name, i) => {
      if (!known.groups.includes(name)) checkName(name, ['expect', 'allow', i], known.alerts, problems, known.groups);
    });
    for (const kind of ['page', 'warn'] as const) {
      doc.expect[kind].forEach((n, i) => {
        if (!known.groups.includes(n.group)) {
          problems.push({ path: ['expect', kind, i, 'group'], message: `no alert_group ${n.group} in the rules${didYouMean(n.group, known.groups)}` });
        }
      });
    }
  }
  const fired = new Set(fire.map((f) => f.alert));
  doc.expect.allow.forEach((name, i) => {
    if (fired.has(name)) problems.push({ path: ['expect', 'allow', i], message: `${name} is already expected to fire: list it once` });
  });
  return { fire, notify, allow: doc.expect.allow };
}

function checkName(name: string, path: PathProblem['path'], known: readonly string[], problems: PathProblem[], groups: readonly string[] = []): void {
  if (!known.includes(name)) problems.push({ path, message: `no alert named ${name} in the rules${didYouMean(name, [...known, ...groups])}` });
}
