/**
 * Grafana's template variables, resolved the way Grafana would for a dashboard opened as shipped: each variable at
 * its current value (or first option), "All" as its `allValue`, and the built-ins `$__interval`, `$__rate_interval`
 * and `$__range` from the time range and the scrape interval. Interpolation is Grafana's text templating, which
 * happens before the query is PromQL.
 */
import { formatDuration } from '../core/units.js';

export interface GrafanaVariable {
  type?: string;
  name?: string;
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
