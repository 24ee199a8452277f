/**
 * Alerting rules as Prometheus reads them: name, expression, `for`, `keep_firing_for`, labels, and the evaluation
 * interval of their group (the global default, 1m, when the group sets none). Recording rules are skipped.
 */
import { parse } from 'yaml';
import { parseDuration } from '../core/units.js';
import { UsageError } from '../errors.js';
import { RULES_FILE } from '../monitoring/files.js';
import { readText } from '../monitoring/lint-files.js';

export interface AlertRule {
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  group: string;
  intervalMs: number;
}

/** The alert rules shipped with lunar-sim. */
export const DEFAULT_RULES_FILE = RULES_FILE;

/** Prometheus' default `evaluation_interval`. */
const DEFAULT_INTERVAL_MS = 60_000;

interface RawRule {
  alert?: string;
  record?: string;
  expr?: string | number;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function duration(text: string | undefined, where: string): number {
  if (text === undefined) return 0;
  const ms = parseDuration(String(text));
  if (ms === null) throw new UsageError(`${where}: "${text}" is not a Prometheus duration`);
  return ms;
}

/** Reads the alert rules of a rules file (already checked by `promtool check rules`). */
export function loadAlertRules(file: string): AlertRule[] {
  let doc: { groups?: { name: string; interval?: string; rules?: RawRule[] }[] };
  const text = readText(file);
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new UsageError(`${file} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const rules: AlertRule[] = [];
  for (const g of doc.groups ?? []) {
    const intervalMs = duration(g.interval, `${file}: group ${g.name}`) || DEFAULT_INTERVAL_MS;
    for (const r of g.rules ?? []) {
      if (!r.alert || r.expr === undefined) continue;
      rules.push({
        name: r.alert,
        expr: String(r.expr),
        forMs: duration(r.for, `${file}: ${r.alert}.for`),
        keepFiringForMs: duration(r.keep_firing_for, `${file}: ${r.alert}.keep_firing_for`),
        labels: r.labels ?? {},
        annotations: r.annotations ?? {},
        group: g.name,
        intervalMs,
      });
    }
  }
  return rules;
}
