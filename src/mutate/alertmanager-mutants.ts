/**
 * Mutants of the Alertmanager configuration — what decides who is told, how grouped, and what a page mutes:
 * - each child route: each matcher dropped, each matcher's value changed (to the next value of its label among those
 *   the rules' labels and the configuration use), its receiver swapped for the next receiver;
 * - each `group_by`: each label dropped, and `alertname` added (one notification per alert, not per class);
 * - each inhibit rule: each source and target matcher dropped or its value changed, each `equal` label dropped, and
 *   the rule dropped.
 * Each mutant is a whole configuration (YAML text), judged through a real Alertmanager like the shipped one.
 * Matchers are read in the `label="value"` / `label=value` form monitoring/alertmanager.yml uses (the list form of
 * `matchers:`; other forms are left alone, not guessed at).
 */
import { parse, stringify } from 'yaml';
import { UsageError } from '../errors.js';
import type { AlertRule } from '../verify/rules.js';
import type { AlertmanagerMutant, MutationOperator } from './mutant.js';

interface Route {
  receiver?: string;
  matchers?: string[];
  group_by?: string[];
  routes?: Route[];
}
interface InhibitRule {
  source_matchers?: string[];
  target_matchers?: string[];
  equal?: string[];
}
interface Config {
  route?: Route;
  receivers?: { name: string }[];
  inhibit_rules?: InhibitRule[];
}

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/;

function readMatcher(text: string): { label: string; op: string; value: string } | null {
  const m = MATCHER.exec(text);
  return m ? { label: m[1], op: m[2], value: m[3] ?? m[4] } : null;
}

/** The values each label takes in the rules' labels and the configuration's matchers, sorted. */
function labelValues(rules: readonly AlertRule[], matchers: readonly string[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (label: string, value: string): void => void out.set(label, (out.get(label) ?? new Set()).add(value));
  for (const r of rules) for (const [k, v] of Object.entries(r.labels)) add(k, v);
  for (const t of matchers) {
    const m = readMatcher(t);
    if (m && (m.op === '=' || m.op === '!=')) add(m.label, m.value);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

class Builder {
  readonly out: AlertmanagerMutant[] = [];
  constructor(private readonly text: string) {}

  /** A mutant made by `edit` on a fresh copy of the configuration. */
  add(operator: MutationOperator, change: string, need: string, edit: (doc: Config) => void): void {
    const doc = parse(this.text) as Config;
    edit(doc);
    this.out.push({ id: `alertmanager: ${change}`, alert: 'alertmanager', operator, alertmanager: stringify(doc), need });
  }
}

function matcherMutants(b: Builder, where: string, list: string[], values: Map<string, string[]>, get: (doc: Config) => string[], need: string): void {
  list.forEach((text, i) => {
    b.add('am-matcher', `${where} matcher \`${text}\` dropped`, need, (doc) => void get(doc).splice(i, 1));
    const m = readMatcher(text);
    const domain = m ? values.get(m.label) ?? [] : [];
    if (!m || (m.op !== '=' && m.op !== '!=') || domain.length < 2) return;
    const other = domain[(domain.indexOf(m.value) + 1) % domain.length];
    const changed = `${m.label}${m.op}"${other}"`;
    b.add('am-matcher', `${where} matcher \`${text}\` → \`${changed}\``, need, (doc) => void (get(doc)[i] = changed));
  });
}

function routeMutants(b: Builder, route: Route, path: number[], names: string[], values: Map<string, string[]>): void {
  const at = (doc: Config): Route => path.reduce<Route>((r, i) => r.routes![i], doc.route!);
  const where = path.length === 0 ? 'route' : `route ${path.map((i) => `routes[${i}]`).join('.')}`;
  if (route.group_by) {
    route.group_by.forEach((label, i) =>
      b.add('am-group-by', `${where} group_by \`${label}\` dropped`, `a scenario in which two notifications the \`${label}\` grouping keeps apart are both expected`, (doc) => void at(doc).group_by!.splice(i, 1)));
    if (!route.group_by.includes('alertname') && !route.group_by.includes('...')) {
      b.add('am-group-by', `${where} group_by \`alertname\` added`, 'a scenario in which two alerts of one class fire for one incident: one notification expected', (doc) => void at(doc).group_by!.push('alertname'));
    }
  }
  if (path.length > 0) {
    matcherMutants(b, where, route.matchers ?? [], values, (doc) => at(doc).matchers!, `a scenario expecting the notification this route sends to ${route.receiver}, naming its receiver`);
    if (route.receiver && names.length > 1) {
      const next = names[(names.indexOf(route.receiver) + 1) % names.length];
      b.add('am-receiver', `${where} receiver ${route.receiver} → ${next}`, `a scenario whose page:/warn: names the receiver ${route.receiver}`, (doc) => void (at(doc).receiver = next));
    }
  }
  (route.routes ?? []).forEach((child, i) => routeMutants(b, child, [...path, i], names, values));
}

function inhibitMutants(b: Builder, rules: InhibitRule[], values: Map<string, string[]>): void {
  rules.forEach((rule, i) => {
    const where = `inhibit_rules[${i}]`;
    const need = 'a scenario in which a page and a warning fire together, expecting the warning muted only where this rule mutes it';
    b.add('am-inhibit', `${where} dropped`, need, (doc) => void doc.inhibit_rules!.splice(i, 1));
    matcherMutants(b, `${where} source`, rule.source_matchers ?? [], values, (doc) => doc.inhibit_rules![i].source_matchers!, need);
    matcherMutants(b, `${where} target`, rule.target_matchers ?? [], values, (doc) => doc.inhibit_rules![i].target_matchers!, need);
    (rule.equal ?? []).forEach((label, j) =>
      b.add('am-inhibit', `${where} equal \`${label}\` dropped`, `a scenario in which a page of one \`${label}\` and a warning of another fire together, both expected`, (doc) => void doc.inhibit_rules![i].equal!.splice(j, 1)));
  });
}

/** Every mutant of the Alertmanager configuration `text` (`source` names it in errors); `rules` give label values. */
export function alertmanagerMutants(text: string, source: string, rules: readonly AlertRule[]): AlertmanagerMutant[] {
  let doc: Config;
  try {
    doc = (parse(text) ?? {}) as Config;
  } catch (e) {
    throw new UsageError(`${source} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc.route) throw new UsageError(`${source} has no route: it is not an Alertmanager configuration`);
  const matchers = [
    ...collectRouteMatchers(doc.route),
    ...(doc.inhibit_rules ?? []).flatMap((r) => [...(r.source_matchers ?? []), ...(r.target_matchers ?? [])]),
  ];
  const values = labelValues(rules, matchers);
  const b = new Builder(text);
  routeMutants(b, doc.route, [], (doc.receivers ?? []).map((r) => r.name), values);
  inhibitMutants(b, doc.inhibit_rules ?? [], values);
  return b.out;
}

function collectRouteMatchers(route: Route): string[] {
  return [...(route.matchers ?? []), ...(route.routes ?? []).flatMap(collectRouteMatchers)];
}
