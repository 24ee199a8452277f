/**
 * The noise and detection report a reviewer reads before a release (docs/alerting-policy.md): for each incident
 * class and traffic level, how soon on-call hears (time to detect: the first notification after the incident's start)
 * and how soon it is told it is over (reset: the resolution after recovery), over seeds; which alerts carried the
 * first notification; whether an incident ever took more than one; and, from long healthy runs at each level, the
 * notifications nobody needed. Pure: results in, tables out.
 */
import { formatDuration } from '../core/units.js';
import type { NotificationEpisode } from '../notify/notification-episodes.js';
import type { Scenario } from '../scenario/scenario.js';
import { Timeline } from '../scenario/timeline.js';
import type { AlertVerdict } from './judge.js';
import type { Spread } from './seed-sweep.js';

/** The policy's traffic levels, by requests per minute just before the incident. */
export const LEVELS = [
  { name: 'trickle', below: 1.5 },
  { name: 'night', below: 6 },
  { name: 'baseline', below: 50 },
  { name: 'guide', below: 1000 },
  { name: 'production', below: Infinity },
] as const;

export type Level = (typeof LEVELS)[number]['name'];

/** The level of `scenario`'s traffic just before scenario time `at` (the incident changes it from then on). */
export function levelAt(scenario: Scenario, at: number): Level {
  const perMinute = new Timeline(scenario).rateAt(scenario.start + at - 1) * 60;
  return LEVELS.find((l) => perMinute < l.below)!.name;
}

/** What the report keeps of one verified run. */
export interface ReportedRun {
  scenario: Scenario;
  verdicts: readonly AlertVerdict[];
  notifications: readonly NotificationEpisode[] | null;
}

export interface DetectionRow {
  group: string;
  kind: 'page' | 'warn';
  level: Level;
  scenario: string;
  runs: number;
  passed: number;
  /** The alerts of the first notification, over the runs (most frequent first). */
  detectedBy: string[];
  ttd: Spread | null;
  reset: Spread | null;
  /** The most notifications one run sent for the incident (per receiver). */
  mostNotifications: number;
}

export interface HealthyRow {
  level: Level;
  scenario: string;
  days: number;
  pages: number;
  warnings: number;
  /** Notifications of classes the scenario allows (a budget breach at that traffic), counted apart. */
  allowed: number;
  /** Classes that notified, with counts (allowed ones included). */
  classes: Record<string, number>;
}

function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number): number => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
  return { min: v[0], p50: at(0.5), p95: at(0.95), max: v[v.length - 1] };
}

function firstAlerts(run: ReportedRun, v: AlertVerdict): string[] {
  const severity = v.expected === 'page' ? 'critical' : 'warning';
  const first = (run.notifications ?? [])
    .filter((n) => n.alerts.some((a) => a.severity === severity && a.alert_group === v.alert))
    .sort((a, b) => a.from - b.from)[0];
  return first ? first.alerts.filter((a) => a.severity === severity).map((a) => a.alertname) : [];
}

/** One row per `page:`/`warn:` expectation of each scenario, over its seeded runs. */
export function detectionRows(runs: readonly ReportedRun[]): DetectionRow[] {
  const rows = new Map<string, { row: DetectionRow; ttd: number[]; reset: number[]; by: Map<string, number> }>();
  for (const run of runs) {
    for (const v of run.verdicts) {
      if (v.expected !== 'page' && v.expected !== 'warn') continue;
      const key = `${run.scenario.name}\u0000${v.expected}\u0000${v.alert}`;
      let g = rows.get(key);
      if (!g) {
        const row: DetectionRow = {
          group: v.alert, kind: v.expected, level: levelAt(run.scenario, v.after!), scenario: run.scenario.name,
          runs: 0, passed: 0, detectedBy: [], ttd: null, reset: null, mostNotifications: 0,
        };
        rows.set(key, (g = { row, ttd: [], reset: [], by: new Map() }));
      }
      g.row.runs++;
      if (v.ok) g.row.passed++;
      g.row.mostNotifications = Math.max(g.row.mostNotifications, v.firings);
      if (v.firstFiring !== null) g.ttd.push(v.firstFiring - v.after!);
      if (v.resolvedAt !== null && v.resolveAfter !== undefined) g.reset.push(v.resolvedAt - v.resolveAfter);
      for (const a of firstAlerts(run, v)) g.by.set(a, (g.by.get(a) ?? 0) + 1);
    }
  }
  return [...rows.values()]
    .map(({ row, ttd, reset, by }) => ({ ...row, ttd: spread(ttd), reset: spread(reset), detectedBy: [...by].sort((a, b) => b[1] - a[1]).map(([a]) => a) }))
    .sort((a, b) => a.group.localeCompare(b.group) || LEVELS.findIndex((l) => l.name === a.level) - LEVELS.findIndex((l) => l.name === b.level) || a.scenario.localeCompare(b.scenario));
}

/** One row per healthy run family: the notifications sent over `days` of a healthy API. */
export function healthyRows(runs: readonly ReportedRun[]): HealthyRow[] {
  const rows = new Map<string, HealthyRow>();
  for (const run of runs) {
    const s = run.scenario;
    let row = rows.get(s.name);
    if (!row) rows.set(s.name, (row = { level: levelAt(s, 0), scenario: s.name, days: 0, pages: 0, warnings: 0, allowed: 0, classes: {} }));
    row.days += s.duration / 86_400_000;
    for (const n of run.notifications ?? []) {
      // A notification that began in the warm-up belongs to the run's history, not to the days judged.
      if (n.from < s.start) continue;
      const group = n.alerts[0]?.alert_group ?? '?';
      row.classes[group] = (row.classes[group] ?? 0) + 1;
      if (s.expect?.allow.includes(group) || n.alerts.every((a) => s.expect?.allow.includes(a.alertname))) row.allowed++;
      else if (n.alerts.some((a) => a.severity === 'critical')) row.pages++;
      else row.warnings++;
    }
  }
  return [...rows.values()].sort((a, b) => LEVELS.findIndex((l) => l.name === a.level) - LEVELS.findIndex((l) => l.name === b.level));
}

function t(s: Spread | null, pick: 'p50' | 'p95'): string {
  return s === null ? '–' : formatDuration(Math.max(0, s[pick]));
}

/** The report as the markdown section docs/runbooks.md holds. */
export function formatReport(detection: readonly DetectionRow[], healthy: readonly HealthyRow[], how: string): string {
  const lines = [
    '## How soon on-call hears, and how often for nothing',
    how,
    '',
    '### Detection and reset, per class and traffic level',
    'Time to detect: the first notification minus the incident\'s start; reset: its resolution minus the recovery.',
    '',
    '| class | notification | level | scenario | first sent by | detect p50 / p95 | reset p50 / p95 | most per incident | passed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...detection.map((r) =>
      `| ${r.group} | ${r.kind} | ${r.level} | \`${r.scenario}\` | ${r.detectedBy.join(', ') || '–'} | ${t(r.ttd, 'p50')} / ${t(r.ttd, 'p95')} | ${t(r.reset, 'p50')} / ${t(r.reset, 'p95')} | ${r.mostNotifications} | ${r.passed}/${r.runs} |`),
    '',
    '### Notifications nobody needed, over healthy days',
    '',
    '| level | scenario | days | pages | warnings | allowed (a real budget breach) | classes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...healthy.map((r) =>
      `| ${r.level} | \`${r.scenario}\` | ${Math.round(r.days)} | ${r.pages} | ${r.warnings} | ${r.allowed} | ${Object.entries(r.classes).map(([g, n]) => `${g} ×${n}`).join(', ') || '–'} |`),
  ];
  return lines.join('\n');
}

/** `text` with the part between the report markers replaced by `report`; null when the markers are missing. */
export function withReport(text: string, report: string): string | null {
  const start = '<!-- report:start -->';
  const end = '<!-- report:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return null;
  return `${text.slice(0, a + start.length)}\n${report}\n${text.slice(b)}`;
}
