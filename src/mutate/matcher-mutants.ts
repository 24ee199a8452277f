/**
 * Mutants of an alert's label matchers, made on Prometheus' syntax tree (src/promql/rewrite-sites.ts): each matcher
 * dropped, each matcher widened to any value of its label (`=~".+"`: the label present, whatever it says), and each
 * equality matcher's value changed to another value of the label — the next of its domain in the metric catalogue,
 * or, for an open label, among the values the rules file itself uses with that metric. (Widening to `=~".*"` would be
 * the dropped matcher again: Prometheus reads a missing label as an empty one, so `.*` matches every series.)
 */
import { METRIC_LIST } from '../metrics/catalogue.js';
import { labelMatcherSites, type MatcherSite } from '../promql/rewrite-sites.js';
import { applyEdits } from '../promql/syntax.js';
import type { AlertRule } from '../verify/rules.js';
import { exprMutant, type RuleMutant } from './mutant.js';

/** The values a (metric, label) pair can take: `metric label` → sorted values. */
export type LabelDomains = ReadonlyMap<string, readonly string[]>;

const SUFFIXES = ['_bucket', '_count', '_sum'];

function catalogueValues(metric: string, label: string): readonly string[] {
  for (const def of METRIC_LIST) {
    const names = def.type === 'histogram' ? SUFFIXES.map((s) => def.name + s) : [def.name];
    if (names.includes(metric)) return (def.labelValues as Record<string, readonly string[]> | undefined)?.[label] ?? [];
  }
  return [];
}

/** The domain of every (metric, label) an equality matcher of `exprs` names: the catalogue's, else those seen. */
export function labelDomains(exprs: readonly string[]): LabelDomains {
  const seen = new Map<string, Set<string>>();
  for (const expr of exprs) {
    for (const m of labelMatcherSites(expr)) {
      if (m.metric === null || (m.op !== '=' && m.op !== '!=')) continue;
      const key = `${m.metric} ${m.label}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(m.value));
    }
  }
  const out = new Map<string, string[]>();
  for (const [key, values] of seen) {
    const [metric, label] = key.split(' ');
    const known = catalogueValues(metric, label);
    out.set(key, [...new Set([...known, ...values])].sort());
  }
  return out;
}

function otherValue(m: MatcherSite, domains: LabelDomains): string | null {
  const domain = domains.get(`${m.metric} ${m.label}`) ?? [];
  if (domain.length < 2) return null;
  const i = domain.indexOf(m.value);
  return domain[(i + 1) % domain.length];
}


/** Every matcher mutant of `rule`. */
export function matcherMutants(rule: AlertRule, domains: LabelDomains): RuleMutant[] {
  const out: RuleMutant[] = [];
  for (const m of labelMatcherSites(rule.expr)) {
    const text = `${m.label}${m.op}"${m.value}"`;
    const where = m.metric ?? 'a selector';
    if (m.drop) {
      out.push(exprMutant(rule, 'matcher', `matcher dropped: \`${text}\` of ${where}`, applyEdits(rule.expr, [{ ...m.drop, text: '' }]),
        `a scenario in which series of ${where} that \`${text}\` leaves out move (their values would change ${rule.name}'s verdict)`));
    }
    if (m.op !== '=~' || m.value !== '.+') {
      out.push(exprMutant(rule, 'matcher', `matcher widened: \`${text}\` → \`${m.label}=~".+"\` of ${where}`, applyEdits(rule.expr, [{ ...m.opValue, text: '=~".+"' }]),
        `a scenario in which series of ${where} with another ${m.label} move while ${rule.name}'s verdict must not follow them`));
    }
    const other = m.op === '=' || m.op === '!=' ? otherValue(m, domains) : null;
    if (other !== null) {
      out.push(exprMutant(rule, 'matcher', `matcher value: \`${text}\` → \`${m.label}${m.op}"${other}"\` of ${where}`, applyEdits(rule.expr, [{ ...m.opValue, text: `${m.op}"${other}"` }]),
        `a scenario in which ${m.label}="${m.value}" and ${m.label}="${other}" series of ${where} tell different stories`));
    }
  }
  return out;
}
