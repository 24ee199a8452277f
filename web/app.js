// @ts-check
/**
 * The demo's dashboard page: the model (`/api/v1/dashboard`: the Grafana dashboard's rows and panels, queries
 * compressed for the demo's speed), the panels drawn from the demo's Prometheus through the simulator's proxy and
 * refreshed live, the alerts' states and the notification inbox. Times are shown in simulated (scenario) time.
 */
import { legendOf } from './format.js';
import { drawPanel } from './panels.js';

/**
 * @typedef {import('./panels.js').Panel} Panel
 * @typedef {import('./panels.js').Series} Series
 * @typedef {{ title: string, panels: Panel[] }} Row
 * @typedef {{ title: string, speed: number, rangeMs: number, refreshMs: number, scrapeMs: number,
 *   axis: { simOrigin: number, realOrigin: number, speed: number }, scenario: { name: string, start: number, end?: number } | null,
 *   rows: Row[] }} Model
 * @typedef {{ metric: Record<string, string>, values?: [number, string][], value?: [number, string] }} PromSeries
 * @typedef {{ panel: Panel, element: HTMLElement, body: HTMLElement & { plot?: { destroy(): void } } }} View
 */

/** Points a chart asks for over its range. */
const POINTS = 300;

/** @param {string} url */
async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok || body.status === 'error') throw new Error(body.error ?? body.message ?? `HTTP ${r.status}`);
  return body;
}

const model = /** @type {Model} */ (await getJson('/api/v1/dashboard'));
const { axis } = model;
/** Simulated ms of real ms. */
const toSim = (/** @type {number} */ real) => axis.simOrigin + (real - axis.realOrigin) * axis.speed;

/** @param {number} ms */
function scenarioClock(ms) {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s % 60}s`;
}

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
 * @param {{ start: number, end: number, step: number }} window real seconds
 */
async function refreshPanel(view, window) {
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
    const drawn = drawPanel(body, panel, results.flat(), xs);
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
    element.dataset.state = 'error';
    body.dataset.message = /** @type {Error} */ (e).message;
  }
}

/**
 * The alert names Alertmanager holds inhibited (suppressed by another alert); empty when it cannot be asked.
 * @returns {Promise<Set<string>>}
 */
async function inhibitedAlerts() {
  try {
    /** @type {{ labels: Record<string, string>, status: { state: string, inhibitedBy: string[] } }[]} */
    const alerts = await getJson('/api/v1/alertmanager/alerts');
    return new Set(alerts.filter((a) => a.status.state === 'suppressed' && a.status.inhibitedBy.length > 0).map((a) => a.labels.alertname));
  } catch {
    return new Set();
  }
}

/**
 * Each alerting rule with its state — inactive, pending, firing, or inhibited (firing, and held back by Alertmanager
 * because a graver alert of its class fires) — and, while active, its value and since when (scenario time).
 */
async function refreshAlerts() {
  const [body, inhibited] = await Promise.all([getJson('/api/v1/prometheus/rules'), inhibitedAlerts()]);
  /** @type {{ name: string, state: string, labels: Record<string, string>, alerts?: { value: string, activeAt: string }[] }[]} */
  const rules = body.data.groups.flatMap((/** @type {{ rules: never[] }} */ g) => g.rules);
  const start = model.scenario?.start ?? axis.simOrigin;
  const list = /** @type {HTMLElement} */ (document.getElementById('alerts'));
  list.replaceChildren(
    ...rules.map((r) => {
      const item = document.createElement('li');
      const state = r.state === 'firing' && inhibited.has(r.name) ? 'inhibited' : r.state;
      item.dataset.alert = r.name;
      item.dataset.state = state;
      item.append(Object.assign(document.createElement('span'), { textContent: `${r.name}${r.labels.severity ? ` (${r.labels.severity})` : ''}` }));
      const active = r.alerts?.[0];
      if (active && r.state !== 'inactive') {
        const since = scenarioClock(toSim(Date.parse(active.activeAt)) - start);
        item.append(Object.assign(document.createElement('span'), { className: 'detail', textContent: `${Number(active.value).toPrecision(3)} since ${since}` }));
      }
      item.append(Object.assign(document.createElement('span'), { className: 'state', textContent: state }));
      return item;
    }),
  );
}

async function refreshInbox() {
  const body = await getJson('/api/v1/inbox');
  /** @type {{ receiver: string, receivedAt: number, alerts: { status: string, labels: Record<string, string> }[] }[]} */
  const notes = body.notifications;
  const start = model.scenario?.start ?? axis.simOrigin;
  const list = /** @type {HTMLElement} */ (document.getElementById('inbox'));
  list.replaceChildren(
    ...notes.slice(-50).reverse().map((n) => {
      const item = document.createElement('li');
      item.dataset.receiver = n.receiver;
      item.append(Object.assign(document.createElement('span'), { className: 'when', textContent: `[${scenarioClock(toSim(n.receivedAt) - start)}] ${n.receiver} ← ` }));
      for (const a of n.alerts) {
        item.append(Object.assign(document.createElement('div'), { className: a.status, textContent: `${a.status === 'firing' ? 'FIRING' : 'resolved'} ${a.labels.alertname}` }));
      }
      return item;
    }),
  );
}

/** @param {string} at */
const ENDED = (at) => `scenario ended at ${at}: its last phase goes on; restart the demo to replay it`;

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

async function refresh() {
  // Whole milliseconds: the grid of every panel lines up, and the proxy takes times to the millisecond.
  const step = Math.round(Math.max(model.scrapeMs, model.rangeMs / POINTS) / axis.speed) / 1000;
  const now = Date.now() / 1000;
  const end = Math.floor(now / step) * step;
  const window = { start: end - Math.floor(model.rangeMs / axis.speed / 1000 / step) * step, end, step };
  refreshClock();
  await Promise.all([...views.map((v) => refreshPanel(v, window)), refreshAlerts(), refreshInbox()]);
}

async function loop() {
  const started = Date.now();
  try {
    await refresh();
  } finally {
    setTimeout(loop, Math.max(0, model.refreshMs - (Date.now() - started)));
  }
}

void loop();
