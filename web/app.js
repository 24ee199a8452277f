// @ts-check
/**
 * The demo's dashboard page: the model (`/api/v1/dashboard`: the Grafana dashboard's rows and panels, queries
 * compressed for the demo's speed), the panels drawn from the demo's Prometheus through the simulator's proxy and
 * refreshed live, the alerts' states and the notification inbox. Times are shown in simulated (scenario) time.
 * Around it: the toolbar's time range, zoom and pause (range.js) and variables (variables.js), the charts' tooltip
 * (tooltip.js) and annotations (annotations.js), the side bar (alerts.js).
 */
import { refreshAlerts, refreshInbox } from './alerts.js';
import { loadAnnotations, setAnnotations } from './annotations.js';
import { getJson } from './api.js';
import { legendOf, scenarioClock } from './format.js';
import { drawPanel } from './panels.js';
import { Toolbar, windowOf } from './range.js';
import { choiceParams, choicesInUrl, showVariables } from './variables.js';

/**
 * @typedef {import('./panels.js').Panel} Panel
 * @typedef {import('./panels.js').Series} Series
 * @typedef {{ title: string, panels: Panel[] }} Row
 * @typedef {{ title: string, speed: number, rangeMs: number, refreshMs: number, scrapeMs: number,
 *   axis: { simOrigin: number, realOrigin: number, speed: number },
 *   scenario: { name: string, start: number, end?: number, phases?: { name: string, at: number }[] } | null,
 *   variables: import('./variables.js').Variable[], rows: Row[] }} Model
 * @typedef {{ metric: Record<string, string>, values?: [number, string][], value?: [number, string] }} PromSeries
 * @typedef {{ panel: Panel, element: HTMLElement, body: HTMLElement & { plot?: { destroy(): void } } }} View
 */

/** The model with the variables the URL chose (a shared link), else as the dashboard sets them. */
async function loadModel() {
  const chosen = choiceParams(choicesInUrl());
  if (chosen.size === 0) return /** @type {Model} */ (await getJson('/api/v1/dashboard'));
  try {
    return /** @type {Model} */ (await getJson(`/api/v1/dashboard?${chosen}`));
  } catch (e) {
    console.warn(`the URL's variables were refused (${/** @type {Error} */ (e).message}); the dashboard's are used`);
    history.replaceState(null, '', location.pathname);
    return /** @type {Model} */ (await getJson('/api/v1/dashboard'));
  }
}

const model = await loadModel();
const { axis } = model;
/** Simulated ms of real ms. */
const toSim = (/** @type {number} */ real) => axis.simOrigin + (real - axis.realOrigin) * axis.speed;

/** @returns {View[]} */
function layout() {
  document.title = `${model.title} — lunar-sim`;
  /** @type {HTMLElement} */ (document.getElementById('title')).textContent = model.title;
  const root = /** @type {HTMLElement} */ (document.getElementById('dashboard'));
  /** @type {View[]} */
  const views = [];
  for (const row of model.rows) {
    if (row.title) root.append(Object.assign(document.createElement('h2'), { className: 'row-title', textContent: row.title }));
    const grid = document.createElement('div');
    grid.className = 'row';
    const top = Math.min(...row.panels.map((p) => p.gridPos.y));
    for (const panel of row.panels) {
      const element = document.createElement('div');
      element.className = 'panel';
      element.dataset.panel = panel.title;
      element.dataset.type = panel.type;
      element.dataset.state = 'loading';
      element.title = panel.description;
      const g = panel.gridPos;
      element.style.gridColumn = `${g.x + 1} / span ${g.w}`;
      element.style.gridRow = `${g.y - top + 1} / span ${g.h}`;
      const body = document.createElement('div');
      body.className = 'body';
      element.append(Object.assign(document.createElement('h3'), { textContent: panel.title }), body);
      grid.append(element);
      views.push({ panel, element, body });
    }
    root.append(grid);
  }
  return views;
}

/**
 * @param {PromSeries[]} result
 * @param {string | null} legend
 * @param {string} refId
 * @returns {Series[]}
 */
function toSeries(result, legend, refId) {
  return result.map((r) => ({
    labels: r.metric,
    legend: legendOf(legend, r.metric),
    refId,
    points: (r.values ?? (r.value ? [r.value] : [])).map(([t, v]) => /** @type {[number, number]} */ ([Math.round(toSim(t * 1000) / 1000), Number(v)])),
  }));
}

/**
 * @param {View} view
 * @param {import('./range.js').Window} window real seconds
 * @param {Promise<unknown>} annotated the annotations read for this window (the chart draws them)
 * @param {() => boolean} current false once a newer refresh has started: its answers win
 */
async function refreshPanel(view, window, annotated, current) {
  const { panel, element, body } = view;
  if (panel.problems.length > 0) {
    element.dataset.state = 'error';
    body.dataset.message = panel.problems.join('; ');
    return;
  }
  try {
    const results = await Promise.all(
      panel.targets.map(async (t) => {
        const range = !t.instant && (panel.type === 'timeseries' || panel.type === 'stat');
        /** @type {Record<string, string>} */
        const params = range
          ? { query: t.query, start: window.start.toFixed(3), end: window.end.toFixed(3), step: window.step.toFixed(3) }
          : { query: t.query, time: window.end.toFixed(3) };
        const body = await getJson(`/api/v1/prometheus/${range ? 'query_range' : 'query'}?${new URLSearchParams(params)}`);
        return toSeries(body.data.result, t.legend, t.refId);
      }),
    );
    const xs = [];
    for (let t = window.start; t <= window.end + 1e-9; t += window.step) xs.push(Math.round(toSim(t * 1000) / 1000));
    await annotated;
    if (!current()) return;
    const drawn = drawPanel(body, panel, results.flat(), xs, chart);
    if (!drawn) {
      body.plot?.destroy();
      delete body.plot;
      body.replaceChildren();
    }
    element.dataset.state = drawn ? 'data' : 'empty';
    // The dashboard's words for "nothing" (noValue: « aucun appel réussi » when no Claude call succeeds), else No data.
    body.dataset.empty = panel.noValue ?? 'No data';
    delete body.dataset.message;
  } catch (e) {
    if (!current()) return;
    element.dataset.state = 'error';
    body.dataset.message = /** @type {Error} */ (e).message;
  }
}

/** @param {string} at */
const ENDED = (at) => `scenario ended at ${at}: its last phase goes on; restart the demo to replay it, or run demo --loop for incident after incident`;

function refreshClock() {
  const now = toSim(Date.now());
  const start = model.scenario?.start ?? axis.simOrigin;
  const name = model.scenario ? `${model.scenario.name} · ` : '';
  const end = model.scenario?.end;
  // Past its end the simulation goes on with the last phase: say so, or an outage's recovery reads as "still running".
  const ended = end !== undefined && now >= end ? ` · ${ENDED(scenarioClock(end - start))}` : '';
  /** @type {HTMLElement} */ (document.getElementById('clock')).textContent =
    `${name}t=${scenarioClock(now - start)} · ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC · ×${model.speed}${ended}`;
}

const views = layout();
const clock = { toSim, origin: model.scenario?.start ?? axis.simOrigin };
const toolbar = new Toolbar(model, () => void refresh().catch((e) => console.warn(e)), () => toSim(Date.now()));
/** @type {import('./panels.js').ChartContext} */
const chart = { origin: clock.origin, onZoom: (from, to) => toolbar.zoom(from, to) };
/** Counts refreshes, so that a newer one's answers are never overwritten by an older, slower one's. */
let generation = 0;

async function refresh() {
  const mine = ++generation;
  // Started and in flight, for whoever waits for the page to settle (the browser tests' pause check).
  document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes ?? 0) + 1);
  document.body.dataset.refreshing = String(Number(document.body.dataset.refreshing ?? 0) + 1);
  const window = windowOf(toolbar.range, model, Date.now());
  refreshClock();
  const current = () => mine === generation;
  // Annotations first (the charts draw them), but a failure there must not blank the panels.
  const annotated = loadAnnotations(window, model.scenario?.phases ?? [], toSim, getJson)
    .then((a) => current() && setAnnotations(a))
    .catch(() => undefined);
  try {
    await Promise.all([...views.map((v) => refreshPanel(v, window, annotated, current)), refreshAlerts(clock), refreshInbox(clock)]);
  } finally {
    document.body.dataset.refreshing = String(Number(document.body.dataset.refreshing) - 1);
  }
}

async function loop() {
  const started = Date.now();
  try {
    // Paused, the page stands still; a change of range or variable still redraws it once.
    if (!toolbar.paused) await refresh();
  } finally {
    setTimeout(loop, Math.max(0, model.refreshMs - (Date.now() - started)));
  }
}

/** A variable changed: the server resolves the queries anew with the choice, which the URL keeps. */
async function choose(/** @type {import('./variables.js').Choices} */ choices) {
  const params = choiceParams(choices);
  const next = /** @type {Model} */ (await getJson(`/api/v1/dashboard?${params}`));
  const byId = new Map(next.rows.flatMap((r) => r.panels).map((p) => [p.id, p]));
  for (const v of views) v.panel = byId.get(v.panel.id) ?? v.panel;
  history.replaceState(null, '', `?${params}`);
  await refresh();
}

showVariables(model.variables, (choices) => void choose(choices).catch((e) => console.warn(e)));
void loop();
