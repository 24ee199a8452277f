/**
 * Rules as Prometheus reads them. Alerting rules: name, expression, `for`, `keep_firing_for`, labels, and the
 * evaluation interval of their group (the global default, 1m, when the group sets none). Recording rules: the name
 * they record, expression, labels and interval, in file order — the order Prometheus evaluates them in, so that a
 * record may read the ones before it.
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

export interface RecordingRule {
  /** The series name it writes, e.g. `lunar:claude_failure_ratio:rate10m`. */
  record: string;
  expr: string;
  labels: Record<string, string>;
  group: string;
  intervalMs: number;
}

/** Every rule of a file: alerts, and the recording rules they (or other records) may read, in file order. */
export interface RuleFile {
  alerts: AlertRule[];
  records: RecordingRule[];
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

/** Reads every rule of a rules file (already checked by `promtool check rules`). */
export function loadRuleFile(file: string): RuleFile {
  let doc: { groups?: { name: string; interval?: string; rules?: RawRule[] }[] };
  const text = readText(file);
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new UsageError(`${file} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const out: RuleFile = { alerts: [], records: [] };
  for (const g of doc.groups ?? []) {
    const intervalMs = duration(g.interval, `${file}: group ${g.name}`) || DEFAULT_INTERVAL_MS;
    for (const r of g.rules ?? []) {
      if (r.expr === undefined) continue;
      if (r.record) {
        out.records.push({ record: r.record, expr: String(r.expr), labels: r.labels ?? {}, group: g.name, intervalMs });
        continue;
      }
      if (!r.alert) continue;
      out.alerts.push({
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
  return out;
}

/** Evaluation times of a rule group over [from, to]: multiples of its interval, as a real rule manager would. */
export function evaluationTimes(from: number, to: number, intervalMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / intervalMs) * intervalMs; t <= to; t += intervalMs) out.push(t);
  return out;
}

/** Reads the alert rules of a rules file (already checked by `promtool check rules`). */
export function loadAlertRules(file: string): AlertRule[] {
  return loadRuleFile(file).alerts;
}
