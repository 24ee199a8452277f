/**
 * A Grafana dashboard JSON read for judging: each panel's queries with the dashboard's template variables resolved
 * (grafana-variables.ts, the values Grafana would use when the dashboard is opened as shipped), its unit, legend, and
 * the threshold steps that colour it — per series where an override sets them (by query refId or by display name).
 */
import { parseDuration } from '../core/units.js';
import { interpolate, variableValues, type GrafanaVariable } from '../dashboard-page/grafana-variables.js';
import { UsageError } from '../errors.js';
import { readBoundedText } from '../files/bounded-read.js';
import { LIMITS } from '../limits.js';
import type { Steps } from './colours.js';

export interface SpecTarget {
  refId: string;
  /** Grafana's legend template (`{{source}}`, `P95`); null when the query has none. */
  legend: string | null;
  /** The query as the dashboard writes it, and as sent to Prometheus (variables resolved). */
  expr: string;
  query: string;
}

export interface SpecPanel {
  title: string;
  type: string;
  unit: string | null;
  /** Whether the panel paints its values in threshold colours (stat, gauge; a time series with thresholds shown). */
  coloured: boolean;
  /** The default steps, and those an override sets for one query (refId) or one display name. */
  steps: Steps;
  stepsByRef: Map<string, Steps>;
  stepsByName: Map<string, Steps>;
  /** A legend is drawn (time series, pie chart) or series names are shown (stat, gauge). */
  namesShown: boolean;
  targets: SpecTarget[];
}

export interface DashboardSpec {
  file: string;
  panels: SpecPanel[];
  /** The variable values the queries were resolved with, for the report. */
  variables: Record<string, string>;
}

interface ThresholdsJson {
  mode?: string;
  steps?: { value: number | null; color: string }[];
}

interface PanelJson {
  type?: string;
  title?: string;
  panels?: PanelJson[];
  options?: { colorMode?: string; textMode?: string; legend?: { showLegend?: boolean; displayMode?: string } };
  fieldConfig?: {
    defaults?: { unit?: string; min?: number; max?: number; thresholds?: ThresholdsJson; color?: { mode?: string }; custom?: { thresholdsStyle?: { mode?: string } } };
    overrides?: { matcher?: { id?: string; options?: unknown }; properties?: { id?: string; value?: unknown }[] }[];
  };
  targets?: { expr?: string; refId?: string; legendFormat?: string }[];
}

interface DashboardJson {
  time?: { from?: string };
  templating?: { list?: GrafanaVariable[] };
  panels?: PanelJson[];
  dashboard?: DashboardJson;
}

/** Points Grafana asks for over a panel's range (about one per pixel of a ~300 px panel): sets `$__interval`. */
const POINTS = 300;

/** Absolute steps; a percentage-mode set is turned absolute over the panel's min–max (0–100 when unset). */
function stepsOf(t: ThresholdsJson | undefined, min = 0, max = 100): Steps {
  const steps = t?.steps ?? [];
  if (t?.mode !== 'percentage') return steps;
  return steps.map((s) => ({ ...s, value: s.value === null ? null : min + ((max - min) * s.value) / 100 }));
}

function isColoured(p: PanelJson): boolean {
  const d = p.fieldConfig?.defaults;
  if (p.type === 'gauge' || p.type === 'bargauge') return true;
  if (p.type === 'stat') return (p.options?.colorMode ?? 'value') !== 'none';
  if (p.type === 'timeseries') return d?.color?.mode === 'thresholds' || !['off', undefined].includes(d?.custom?.thresholdsStyle?.mode);
  return false;
}

function namesShown(p: PanelJson): boolean {
  if (p.type === 'stat') return p.options?.textMode !== 'value';
  if (p.type === 'gauge' || p.type === 'bargauge' || p.type === 'table') return true;
  const legend = p.options?.legend;
  return legend?.showLegend !== false && legend?.displayMode !== 'hidden';
}

function panelSpec(p: PanelJson, values: Record<string, string>): SpecPanel {
  const d = p.fieldConfig?.defaults ?? {};
  const stepsByRef = new Map<string, Steps>();
  const stepsByName = new Map<string, Steps>();
  for (const o of p.fieldConfig?.overrides ?? []) {
    const prop = o.properties?.find((x) => x.id === 'thresholds');
    if (!prop || typeof o.matcher?.options !== 'string') continue;
    const steps = stepsOf(prop.value as ThresholdsJson, d.min, d.max);
    if (o.matcher.id === 'byFrameRefID') stepsByRef.set(o.matcher.options, steps);
    if (o.matcher.id === 'byName') stepsByName.set(o.matcher.options, steps);
  }
  return {
    title: p.title ?? '?',
    type: p.type ?? 'timeseries',
    unit: d.unit ?? null,
    coloured: isColoured(p),
    steps: stepsOf(d.thresholds, d.min, d.max),
    stepsByRef,
    stepsByName,
    namesShown: namesShown(p),
    targets: (p.targets ?? []).filter((t) => t.expr).map((t) => ({
      refId: t.refId ?? '?',
      legend: t.legendFormat && t.legendFormat !== '__auto' ? t.legendFormat : null,
      expr: t.expr as string,
      query: interpolate(t.expr as string, values),
    })),
  };
}

/** A dashboard file, read and parsed. */
export interface LoadedDashboard {
  file: string;
  doc: DashboardJson;
}

/**
 * The panels of a dashboard (rows flattened, collapsed rows' panels included), with variables resolved for a scrape
 * interval of `scrapeMs` (it sets `$__rate_interval`).
 */
export function specOf({ doc, file }: LoadedDashboard, scrapeMs: number): DashboardSpec {
  const root = doc.dashboard ?? doc;
  const rangeMs = parseDuration(/^now-(.+)$/.exec(root.time?.from ?? '')?.[1] ?? '') ?? 6 * 3_600_000;
  const variables = variableValues(root.templating, { rangeMs, scrapeMs, points: POINTS });
  const panels: SpecPanel[] = [];
  const visit = (p: PanelJson): void => {
    if (p.type !== 'row') panels.push(panelSpec(p, variables));
    (p.panels ?? []).forEach(visit);
  };
  (root.panels ?? []).forEach(visit);
  const targets = panels.reduce((n, p) => n + p.targets.length, 0);
  if (targets > LIMITS.dashboardTargets) throw new UsageError(`${file}: ${targets} panel queries, more than the ${LIMITS.dashboardTargets} verify judges`);
  return { file, panels, variables };
}

/** Reads a dashboard file (bounded; a clear one-line error when it is missing, too large or not JSON). */
export function readDashboard(file: string): LoadedDashboard {
  const text = readBoundedText(file, LIMITS.dashboardFileBytes, 'the limit of a dashboard file');
  let doc: DashboardJson;
  try {
    doc = JSON.parse(text) as DashboardJson;
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc.dashboard ?? doc).panels)) {
    throw new UsageError(`${file} is not a Grafana dashboard: it has no "panels" list`);
  }
  const loaded = { file, doc };
  specOf(loaded, 15_000); // refuse an oversized dashboard up front, not once per scenario
  return loaded;
}
