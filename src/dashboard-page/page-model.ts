/**
 * The built-in dashboard page's model, read from the Grafana dashboard JSON itself so that the page never drifts from
 * what Grafana shows: rows, panels (type, title, grid position, unit, decimals, min/max, thresholds and their colours,
 * stat and legend options), and each query with Grafana's variables resolved and then compressed for the demo's speed
 * (src/promql/compress.ts), so that the page shows simulated values on a simulated time axis.
 */
import { parseDuration } from '../core/units.js';
import { compressExpression } from '../promql/compress.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyChoices, interpolate, pageVariables, variableValues, type GrafanaVariable, type PageVariable } from './grafana-variables.js';

export interface PageTarget {
  refId: string;
  /** Grafana's legend template, e.g. `{{source}}`. */
  legend: string | null;
  /** The query as the dashboard writes it. */
  expr: string;
  /** What the page sends to Prometheus: variables resolved, compressed. */
  query: string;
  instant: boolean;
}

export interface PagePanel {
  id: number;
  type: string;
  title: string;
  description: string;
  gridPos: { x: number; y: number; w: number; h: number };
  unit: string;
  decimals: number | null;
  min: number | null;
  max: number | null;
  thresholds: { value: number | null; color: string }[];
  graphMode: string | null;
  colorMode: string | null;
  showLegend: boolean;
  /** What the panel says when its queries return nothing (Grafana's `noValue`); null: "No data". */
  noValue: string | null;
  /** Threshold steps an override sets for one query's series (`byFrameRefID`), by refId. */
  stepsByRef: Record<string, { value: number | null; color: string }[]>;
  /** Fixed series colours an override sets by display name (`byName`). */
  colours: Record<string, string>;
  /** Table columns the dashboard hides, and those it puts first in this order (an `organize` transformation). */
  hidden: string[];
  order: string[];
  targets: PageTarget[];
  /** Why a query could not be prepared; the page shows it in the panel. */
  problems: string[];
}

export interface PageRow {
  title: string;
  panels: PagePanel[];
}

export interface PageModel {
  title: string;
  speed: number;
  /** The dashboard's time range, simulated ms (`now-6h` → 6 h). */
  rangeMs: number;
  /** How often the page refreshes, real ms. */
  refreshMs: number;
  /** Scrape interval, simulated ms: the finest step worth asking for. */
  scrapeMs: number;
  /** Ties real time to simulated time: sim = simOrigin + (real − realOrigin) × speed. */
  axis: { simOrigin: number; realOrigin: number; speed: number };
  /** The scenario shown: its name, its time 0 and its end (simulated ms), for the page's clock. */
  scenario: PageScenario | null;
  /** The dashboard's variables, offered as dropdowns, with the values in force. */
  variables: PageVariable[];
  rows: PageRow[];
}

/** The scenario as the page shows it; times are simulated ms since epoch. */
export interface PageScenario {
  name: string;
  start: number;
  end?: number;
  /** Each phase's start, for the markers on the time series. */
  phases?: { name: string; at: number }[];
}

export interface PageModelOptions {
  speed: number;
  scrapeMs: number;
  axis: { simOrigin: number; realOrigin: number };
  scenario?: PageScenario;
  /** Values the page chose for the dashboard's variables, by name; checked (FieldsInvalidError names the field). */
  choices?: Record<string, string[]>;
}

/** The page's view of `scenario`: name, time 0, end and where each phase starts, on the simulated time axis. */
export function pageScenario(scenario: Pick<Scenario, 'name' | 'start' | 'duration' | 'phases'>): PageScenario {
  return {
    name: scenario.name,
    start: scenario.start,
    end: scenario.start + scenario.duration,
    phases: scenario.phases.map((p) => ({ name: p.name, at: scenario.start + p.at })),
  };
}

/** Points a chart asks for over its range (Grafana asks for about one per pixel; a page panel is ~300 px wide). */
const POINTS = 300;
/** The page never refreshes more often than this, real ms. */
const MIN_REFRESH_MS = 1000;

interface GrafanaPanel {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  panels?: GrafanaPanel[];
  options?: { graphMode?: string; colorMode?: string; legend?: { showLegend?: boolean } };
  fieldConfig?: {
    defaults?: { unit?: string; decimals?: number; min?: number; max?: number; noValue?: string; thresholds?: { steps?: { value: number | null; color: string }[] } };
    overrides?: { matcher?: { id?: string; options?: unknown }; properties?: { id?: string; value?: unknown }[] }[];
  };
  targets?: { expr?: string; refId?: string; legendFormat?: string; instant?: boolean }[];
  transformations?: { id?: string; options?: { excludeByName?: Record<string, boolean>; indexByName?: Record<string, number> } }[];
}

export interface GrafanaDashboard {
  title?: string;
  time?: { from?: string; to?: string };
  refresh?: string;
  templating?: { list?: GrafanaVariable[] };
  panels?: GrafanaPanel[];
}

function rangeOf(d: GrafanaDashboard): number {
  const m = /^now-(.+)$/.exec(d.time?.from ?? '');
  return (m && parseDuration(m[1])) || 6 * 3_600_000;
}

function panelModel(p: GrafanaPanel, index: number, values: Record<string, string>, speed: number): PagePanel {
  const defaults = p.fieldConfig?.defaults ?? {};
  const problems: string[] = [];
  const targets: PageTarget[] = [];
  for (const t of p.targets ?? []) {
    if (!t.expr) continue;
    const resolved = interpolate(t.expr, values);
    try {
      const c = compressExpression(resolved, speed);
      problems.push(...c.problems);
      targets.push({ refId: t.refId ?? '', legend: t.legendFormat ?? null, expr: t.expr, query: c.expr, instant: t.instant === true });
    } catch (e) {
      problems.push(`query ${t.refId ?? '?'}: ${(e as Error).message}`);
    }
  }
  const organize = (p.transformations ?? []).find((t) => t.id === 'organize');
  const stepsByRef: PagePanel['stepsByRef'] = {};
  const colours: PagePanel['colours'] = {};
  for (const o of p.fieldConfig?.overrides ?? []) {
    const name = o.matcher?.options;
    if (typeof name !== 'string') continue;
    for (const prop of o.properties ?? []) {
      const v = prop.value as { steps?: PagePanel['thresholds']; mode?: string; fixedColor?: string } | undefined;
      if (prop.id === 'thresholds' && o.matcher?.id === 'byFrameRefID' && v?.steps) stepsByRef[name] = v.steps;
      if (prop.id === 'color' && o.matcher?.id === 'byName' && v?.mode === 'fixed' && v.fixedColor) colours[name] = v.fixedColor;
    }
  }
  return {
    id: p.id ?? index,
    type: p.type ?? 'timeseries',
    title: p.title ?? '',
    description: p.description ?? '',
    gridPos: p.gridPos ?? { x: 0, y: 0, w: 12, h: 8 },
    unit: defaults.unit ?? 'short',
    decimals: defaults.decimals ?? null,
    min: defaults.min ?? null,
    max: defaults.max ?? null,
    thresholds: defaults.thresholds?.steps ?? [],
    graphMode: p.options?.graphMode ?? null,
    colorMode: p.options?.colorMode ?? null,
    showLegend: p.options?.legend?.showLegend ?? true,
    noValue: defaults.noValue ?? null,
    stepsByRef,
    colours,
    hidden: Object.entries(organize?.options?.excludeByName ?? {}).filter(([, v]) => v).map(([k]) => k),
    order: Object.entries(organize?.options?.indexByName ?? {}).sort(([, a], [, b]) => a - b).map(([k]) => k),
    targets,
    problems,
  };
}

/** The page's model of `dashboard` for a demo at `o.speed`. */
export function pageModel(dashboard: GrafanaDashboard, o: PageModelOptions): PageModel {
  const rangeMs = rangeOf(dashboard);
  const templating = o.choices ? applyChoices(dashboard.templating, o.choices) : dashboard.templating;
  const values = variableValues(templating, { rangeMs, scrapeMs: o.scrapeMs, points: POINTS });
  const rows: PageRow[] = [];
  let index = 0;
  const add = (p: GrafanaPanel): void => {
    if (rows.length === 0) rows.push({ title: '', panels: [] });
    rows[rows.length - 1].panels.push(panelModel(p, index++, values, o.speed));
  };
  for (const p of dashboard.panels ?? []) {
    if (p.type === 'row') {
      rows.push({ title: p.title ?? '', panels: [] });
      // A collapsed row carries its panels inside it.
      (p.panels ?? []).forEach(add);
    } else {
      add(p);
    }
  }
  const refresh = parseDuration(dashboard.refresh ?? '') ?? 30_000;
  return {
    title: dashboard.title ?? '',
    speed: o.speed,
    rangeMs,
    refreshMs: Math.max(MIN_REFRESH_MS, refresh / o.speed),
    scrapeMs: o.scrapeMs,
    axis: { ...o.axis, speed: o.speed },
    scenario: o.scenario ?? null,
    variables: pageVariables(dashboard.templating, o.choices),
    rows,
  };
}
