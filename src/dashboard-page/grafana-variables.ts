/**
 * Grafana's template variables, resolved the way Grafana would for a dashboard opened as shipped: each variable at
 * its current value (or first option), "All" as its `allValue`, and the built-ins `$__interval`, `$__rate_interval`
 * and `$__range` from the time range and the scrape interval. Interpolation is Grafana's text templating, which
 * happens before the query is PromQL.
 */
import { formatDuration } from '../core/units.js';
import { FieldsInvalidError } from '../errors.js';

export interface GrafanaVariable {
  type?: string;
  name?: string;
  label?: string;
  multi?: boolean;
  definition?: string;
  current?: { value?: string | string[] };
  options?: { value?: string }[];
  query?: unknown;
  includeAll?: boolean;
  allValue?: string;
}

export interface BuiltinContext {
  /** The panel's time range, simulated ms. */
  rangeMs: number;
  /** The scrape interval, simulated ms. */
  scrapeMs: number;
  /** Data points a chart asks for over the range. */
  points: number;
}

function seconds(ms: number): string {
  return formatDuration(Math.max(1000, Math.round(ms / 1000) * 1000));
}

function valueOf(v: GrafanaVariable): string | null {
  const current = v.current?.value;
  const chosen = Array.isArray(current) ? current : current !== undefined ? [current] : [];
  if (chosen.length === 0 || chosen.includes('$__all')) {
    if (v.includeAll) return v.allValue ?? '.*';
    const first = v.options?.[0]?.value ?? (typeof v.query === 'string' ? v.query.split(',')[0] : undefined);
    return first ?? null;
  }
  return chosen.length === 1 ? chosen[0] : `(${chosen.join('|')})`;
}

/** Values of the dashboard's variables and of Grafana's built-ins, by name (without `$`). */
export function variableValues(templating: { list?: GrafanaVariable[] } | undefined, ctx: BuiltinContext): Record<string, string> {
  const interval = Math.max(ctx.scrapeMs, ctx.rangeMs / ctx.points);
  const values: Record<string, string> = {
    __interval: seconds(interval),
    // Grafana: max($__interval + scrape interval, 4 × scrape interval).
    __rate_interval: seconds(Math.max(interval + ctx.scrapeMs, 4 * ctx.scrapeMs)),
    __range: seconds(ctx.rangeMs),
  };
  for (const v of templating?.list ?? []) {
    if (!v.name) continue;
    const value = v.type === 'datasource' ? 'prometheus' : valueOf(v);
    if (value !== null) values[v.name] = value;
  }
  return values;
}

/** Grafana's variable references: `$name`, `${name}`, `${name:format}`, `[[name]]`. */
const REFERENCE = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g;

/** `text` with each variable reference replaced by `replace(name, reference)`. */
export function replaceVariables(text: string, replace: (name: string, reference: string) => string): string {
  return text.replace(REFERENCE, (whole, braced, bracketed, bare) => replace((braced ?? bracketed ?? bare) as string, whole));
}

/** Variable references replaced by their values; unknown names are left as written. */
export function interpolate(text: string, values: Record<string, string>): string {
  return replaceVariables(text, (name, reference) => (Object.hasOwn(values, name) ? values[name] : reference));
}

/** A variable the page offers as a dropdown (datasource variables are not: the demo has one Prometheus). */
export interface PageVariable {
  name: string;
  label: string;
  type: string;
  multi: boolean;
  includeAll: boolean;
  /** Fixed choices (interval, custom); a query variable's come from Prometheus (`labelValues`). */
  options: string[];
  /** A query variable's `label_values(metric, label)`: the page asks Prometheus for that label's values. */
  labelValues: { metric: string; label: string } | null;
  /** The values in force, as chosen (`$__all` for All). */
  current: string[];
}

/** Values a page may choose per variable, and how long each may be: the model is rebuilt per request. */
export const MAX_CHOICES = 20;
/** A label value the page may choose for a query variable: a model id or the like, nothing a regex would read. */
const LABEL_VALUE = /^[A-Za-z0-9_:.-]{1,100}$/;
const LABEL_VALUES = /^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*([a-zA-Z_]\w*)\s*\)$/;

function queryText(v: GrafanaVariable): string {
  const q = v.query as { query?: string } | string | undefined;
  return (typeof q === 'string' ? q : q?.query) ?? v.definition ?? '';
}

function fixedOptions(v: GrafanaVariable): string[] {
  if (v.type === 'query') return [];
  const listed = (v.options ?? []).map((o) => o.value).filter((o): o is string => typeof o === 'string');
  return listed.length > 0 ? listed : queryText(v).split(',').map((o) => o.trim()).filter(Boolean);
}

function currentOf(v: GrafanaVariable): string[] {
  const c = v.current?.value;
  const chosen = Array.isArray(c) ? c : c !== undefined ? [c] : [];
  if (chosen.length > 0) return chosen;
  return v.includeAll ? ['$__all'] : fixedOptions(v).slice(0, 1);
}

/** The dashboard's variables as the page shows them, with `choices` (already validated) in force. */
export function pageVariables(templating: { list?: GrafanaVariable[] } | undefined, choices: Record<string, string[]> = {}): PageVariable[] {
  return (templating?.list ?? [])
    .filter((v) => v.name && v.type !== 'datasource')
    .map((v) => {
      const m = LABEL_VALUES.exec(queryText(v).trim());
      return {
        name: v.name!,
        label: v.label ?? v.name!,
        type: v.type ?? 'custom',
        multi: v.multi === true,
        includeAll: v.includeAll === true,
        options: fixedOptions(v),
        labelValues: v.type === 'query' && m ? { metric: m[1], label: m[2] } : null,
        current: choices[v.name!] ?? currentOf(v),
      };
    });
}

/**
 * `templating` with the page's `choices` (variable name → values) as current values, each checked: a known variable,
 * one value unless multi, All only where allowed, an interval or custom value among its options, a query variable's
 * value a plain label value (escaped for the regex matcher Grafana's `=~"$model"` puts it in). Throws
 * FieldsInvalidError naming `var-<name>` for each problem.
 */
export function applyChoices(templating: { list?: GrafanaVariable[] } | undefined, choices: Record<string, string[]>): { list: GrafanaVariable[] } {
  const list = templating?.list ?? [];
  const problems: { field: string; message: string }[] = [];
  const chosen = new Map<string, string[]>();
  for (const [name, values] of Object.entries(choices)) {
    const field = `var-${name}`;
    const v = list.find((x) => x.name === name && x.type !== 'datasource');
    if (!v) {
      problems.push({ field, message: `no such variable; the dashboard's are ${pageVariables(templating).map((p) => p.name).join(', ')}` });
      continue;
    }
    if (values.length === 0 || values.length > MAX_CHOICES) problems.push({ field, message: `1 to ${MAX_CHOICES} values` });
    else if (values.length > 1 && !v.multi) problems.push({ field, message: 'takes one value' });
    else if (values.includes('$__all')) {
      if (!v.includeAll) problems.push({ field, message: 'has no All' });
      else if (values.length > 1) problems.push({ field, message: 'All goes alone' });
      else chosen.set(name, values);
    } else if (v.type === 'query') {
      const bad = values.find((x) => !LABEL_VALUE.test(x));
      if (bad !== undefined) problems.push({ field, message: `"${bad.slice(0, 40)}" is not a label value (letters, digits, _ : . -, at most 100)` });
      // In PromQL's string a regex's escaped dot is written \\. (Grafana escapes the values it puts in a regex too).
      else chosen.set(name, values.map((x) => x.replaceAll('.', '\\\\.')));
    } else {
      const options = fixedOptions(v);
      const bad = values.find((x) => !options.includes(x));
      if (bad !== undefined) problems.push({ field, message: `"${bad.slice(0, 40)}" is not one of ${options.join(', ')}` });
      else chosen.set(name, values);
    }
  }
  if (problems.length > 0) throw new FieldsInvalidError(problems);
  return { list: list.map((v) => (v.name && chosen.has(v.name) ? { ...v, current: { value: chosen.get(v.name)! } } : v)) };
}
