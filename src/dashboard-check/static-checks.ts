/**
 * What can be judged of a dashboard without data: every panel that shows numbers has a unit, a panel with several
 * queries names each of them in a shown legend, and each threshold step that stands for an alert
 * (threshold-map.ts) sits at the rules file's number.
 */
import type { AlertRule, RecordingRule } from '../verify/rules.js';
import type { DashboardSpec, SpecPanel } from './dashboard-spec.js';
import { ruleThreshold, THRESHOLD_LINKS, type ThresholdLink } from './threshold-map.js';

export type DashboardCheck = 'no data' | 'colour' | 'threshold' | 'legend' | 'unit';

export interface DashboardFinding {
  panel: string;
  check: DashboardCheck;
  message: string;
}

const NUMERIC_PANELS = new Set(['timeseries', 'stat', 'gauge', 'bargauge']);

/** Panels that show numbers without a unit. */
export function unitFindings(spec: DashboardSpec): DashboardFinding[] {
  return spec.panels
    .filter((p) => NUMERIC_PANELS.has(p.type) && !p.unit)
    .map((p) => ({ panel: p.title, check: 'unit' as const, message: `${p.type} panel without a unit (fieldConfig.defaults.unit)` }));
}

/**
 * A panel with `series` series (several queries, or one query split by labels) must say which is which: names shown,
 * and every query a legend template. Tables show their columns.
 */
export function legendFindings(p: SpecPanel, series: number): DashboardFinding[] {
  if (series <= 1 || p.type === 'table') return [];
  const out: DashboardFinding[] = [];
  if (!p.namesShown) out.push({ panel: p.title, check: 'legend', message: `${series} series and the legend is hidden` });
  const unnamed = p.targets.filter((t) => t.legend === null).map((t) => t.refId);
  if (unnamed.length > 0) out.push({ panel: p.title, check: 'legend', message: `${series} series, and query ${unnamed.join(', ')} has no legend (legendFormat)` });
  return out;
}

/** The steps a link points at: an override's for its refId, else the panel's default steps. */
function linkedSteps(p: SpecPanel, link: ThresholdLink): SpecPanel['steps'] | undefined {
  return link.refId === undefined ? p.steps : p.stepsByRef.get(link.refId);
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Each linked step against its rule's number. A link whose panel or alert the files do not have is not judged (a
 * dashboard or rules file of one's own); a linked panel without the step is a finding.
 */
export function thresholdFindings(spec: DashboardSpec, rules: readonly AlertRule[], records: readonly RecordingRule[], links = THRESHOLD_LINKS): DashboardFinding[] {
  const out: DashboardFinding[] = [];
  for (const link of links) {
    const panel = spec.panels.find((p) => p.title === link.panel);
    const rule = rules.find((r) => r.name === link.alert);
    const expected = rule ? ruleThreshold(rule, records) : null;
    if (!panel || expected === null) continue;
    const want = expected * link.scale;
    const where = link.refId ? ` (query ${link.refId})` : '';
    const step = linkedSteps(panel, link)?.find((s) => s.color === link.colour);
    if (!step || step.value === null) {
      out.push({ panel: panel.title, check: 'threshold', message: `no ${link.colour} step${where} for ${link.alert}, which fires at ${want}` });
    } else if (!close(step.value, want)) {
      out.push({ panel: panel.title, check: 'threshold', message: `the ${link.colour} step${where} is at ${step.value}, but ${link.alert} fires at ${want} (rules file)` });
    }
  }
  return out;
}

/** Every finding that needs no data: units, legends of several queries, steps against the rules. */
export function staticFindings(spec: DashboardSpec, rules: readonly AlertRule[], records: readonly RecordingRule[]): DashboardFinding[] {
  return [...unitFindings(spec), ...spec.panels.flatMap((p) => legendFindings(p, p.targets.length)), ...thresholdFindings(spec, rules, records)];
}
