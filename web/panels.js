// @ts-check
/**
 * Drawing the dashboard's panel types from Prometheus series: time series (uPlot), stat (value, background or text
 * colour, sparkline), gauge (arc with threshold colours), pie chart (donut) and table.
 */
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { annotationsPlugin } from './annotations.js';
import { PALETTE, colour, formatValue, thresholdColour, utcTime } from './format.js';
import { tooltipPlugin } from './tooltip.js';

/**
 * @typedef {{ value: number | null, color: string }} ThresholdStep
 * @typedef {{ refId: string, legend: string | null, query: string, instant: boolean }} Target
 * @typedef {{ id: number, type: string, title: string, description: string, unit: string, decimals: number | null,
 *   min: number | null, max: number | null, thresholds: ThresholdStep[], graphMode: string | null,
 *   colorMode: string | null, showLegend: boolean, hidden: string[], order: string[], targets: Target[], problems: string[],
 *   noValue: string | null, stepsByRef: Record<string, ThresholdStep[]>, colours: Record<string, string>,
 *   gridPos: { x: number, y: number, w: number, h: number } }} Panel
 * @typedef {{ labels: Record<string, string>, legend: string, refId: string, points: [number, number][] }} Series
 * @typedef {{ origin: number, onZoom: (fromSec: number, toSec: number) => void }} ChartContext the scenario's time 0
 *   (simulated ms) for the tooltip's `t=`, and what a drag-to-zoom sets (simulated seconds)
 */

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A series' threshold steps: its query's own (a per-query override), else the panel's.
 * @param {Panel} panel
 * @param {Series} s
 */
function stepsOf(panel, s) {
  return panel.stepsByRef?.[s.refId] ?? panel.thresholds;
}

/**
 * A series' line colour: the dashboard's fixed colour for its name (the same source, the same colour on every panel),
 * else the palette's in order.
 * @param {Panel} panel
 * @param {Series} s
 * @param {number} i
 */
function seriesColour(panel, s, i) {
  const fixed = panel.colours?.[s.legend];
  return fixed ? colour(fixed) : PALETTE[i % PALETTE.length];
}

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 */
function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** @param {Series} s */
function lastValue(s) {
  for (let i = s.points.length - 1; i >= 0; i--) if (Number.isFinite(s.points[i][1])) return s.points[i][1];
  return Number.NaN;
}

/**
 * An x axis tick: `HH:MM`, or the date (`MM-DD`) at midnight UTC.
 * @param {number} sec simulated seconds
 */
function axisTime(sec) {
  const iso = new Date(sec * 1000).toISOString();
  return iso.slice(11, 16) === '00:00' ? iso.slice(5, 10) : iso.slice(11, 16);
}

/** @param {Series[]} series */
export function hasData(series) {
  return series.some((s) => s.points.some(([, v]) => Number.isFinite(v)));
}

/**
 * A time series chart: a tooltip with every series' value at the cursor, a legend wherever there is more than one
 * series (live: it shows the values at the cursor too), the alert and phase annotations, a crosshair shared by every
 * chart, and drag-to-zoom, which sets the page's range rather than this chart's scale (Grafana zooms every panel).
 * @param {HTMLElement} body
 * @param {Panel} panel
 * @param {Series[]} series
 * @param {number[]} xs the common time axis, simulated seconds
 * @param {ChartContext} chart
 */
export function drawTimeseries(body, panel, series, xs, chart) {
  const index = new Map(xs.map((x, i) => [x, i]));
  /** @type {(number | null)[][]} */
  const ys = series.map((s) => {
    /** @type {(number | null)[]} */
    const column = new Array(xs.length).fill(null);
    for (const [t, v] of s.points) {
      const i = index.get(t);
      if (i !== undefined && Number.isFinite(v)) column[i] = v;
    }
    return column;
  });
  const data = /** @type {uPlot.AlignedData} */ ([xs, ...ys]);
  const key = series.map((s) => s.legend).join('\u0000');
  const holder = /** @type {HTMLElement & { plot?: uPlot, plotKey?: string }} */ (body);
  const width = Math.max(100, body.clientWidth);
  // Lines nobody can name are no use: more than one series always gets a legend, whatever the dashboard says.
  const legend = panel.showLegend || series.length > 1;
  const height = Math.max(60, body.clientHeight - (legend ? 28 : 4));
  if (holder.plot && holder.plotKey === key) {
    holder.plot.setData(data);
    if (holder.plot.width !== width || holder.plot.height !== height) holder.plot.setSize({ width, height });
    return;
  }
  holder.plot?.destroy();
  body.replaceChildren();
  const fmt = (/** @type {number | null} */ v) => (v === null ? '–' : formatValue(v, panel.unit, panel.decimals));
  holder.plot = new uPlot(
    {
      width,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: legend, live: true },
      cursor: { drag: { x: true, y: false, setScale: false }, sync: { key: 'dashboard' } },
      plugins: [tooltipPlugin(fmt, chart.origin), annotationsPlugin(body)],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const [from, to] = [u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x')];
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            chart.onZoom(from, to);
          },
        ],
      },
      scales: { y: { range: (_u, lo, hi) => [Math.min(panel.min ?? lo, lo), hi > lo ? hi : lo + 1] } },
      axes: [
        // 24-hour UTC times, as the header and the tooltip (uPlot's default is a 12-hour clock), the date at midnight.
        { stroke: '#8e8e9e', grid: { stroke: '#2c3235' }, ticks: { stroke: '#2c3235' }, values: (_u, vals) => vals.map(axisTime) },
        { stroke: '#8e8e9e', grid: { stroke: '#2c3235' }, ticks: { stroke: '#2c3235' }, size: 60, values: (_u, vals) => vals.map((v) => fmt(v)) },
      ],
      series: [{ label: 'UTC', value: (_u, v) => (v === null ? '–' : utcTime(v * 1000)) }, ...series.map((s, i) => ({ label: s.legend, stroke: seriesColour(panel, s, i), width: 1.5, value: (/** @type {uPlot} */ _u, /** @type {number | null} */ v) => fmt(v) }))],
    },
    data,
    body,
  );
  holder.plotKey = key;
}

/**
 * @param {HTMLElement} body
 * @param {Panel} panel
 * @param {Series[]} series
 */
export function drawStat(body, panel, series) {
  const box = document.createElement('div');
  box.className = 'stat';
  for (const s of series) {
    const v = lastValue(s);
    const c = thresholdColour(stepsOf(panel, s), v);
    const cell = document.createElement('div');
    cell.className = 'value';
    cell.textContent = formatValue(v, panel.unit, panel.decimals);
    if (panel.colorMode === 'background' && Number.isFinite(v)) {
      cell.style.background = c;
      cell.classList.add('filled');
    } else {
      cell.style.color = c;
    }
    if (series.length > 1) {
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = s.legend;
      cell.append(label);
    }
    box.append(cell);
  }
  if (panel.graphMode === 'area' && series[0]?.points.length > 1) box.append(sparkline(series[0], thresholdColour(stepsOf(panel, series[0]), lastValue(series[0]))));
  body.replaceChildren(box);
}

/**
 * @param {Series} s
 * @param {string} stroke
 */
function sparkline(s, stroke) {
  const pts = s.points.filter(([, v]) => Number.isFinite(v));
  const [x0, x1] = [pts[0][0], pts[pts.length - 1][0]];
  const ys = pts.map(([, v]) => v);
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  const d = pts.map(([t, v], i) => `${i ? 'L' : 'M'}${((t - x0) / (x1 - x0 || 1)) * 100},${40 - ((v - lo) / (hi - lo || 1)) * 38}`).join('');
  const el = svg('svg', { class: 'spark', viewBox: '0 0 100 40', preserveAspectRatio: 'none' });
  el.append(svg('path', { d: `${d}L100,40L0,40Z`, fill: stroke, 'fill-opacity': 0.25, stroke, 'stroke-width': 1, 'vector-effect': 'non-scaling-stroke' }));
  return el;
}

/**
 * A half-circle gauge: threshold bands on the rim, the value's arc in its colour.
 * @param {HTMLElement} body
 * @param {Panel} panel
 * @param {Series[]} series
 */
export function drawGauge(body, panel, series) {
  const v = series[0] ? lastValue(series[0]) : Number.NaN;
  const [min, max] = [panel.min ?? 0, panel.max ?? 100];
  const at = (/** @type {number} */ x) => Math.PI * (1 - Math.min(1, Math.max(0, (x - min) / (max - min || 1))));
  const point = (/** @type {number} */ a, /** @type {number} */ r) => `${60 + r * Math.cos(a)},${60 - r * Math.sin(a)}`;
  const arc = (/** @type {number} */ from, /** @type {number} */ to, /** @type {number} */ r) => `M${point(at(from), r)}A${r},${r} 0 0 1 ${point(at(to), r)}`;
  const el = svg('svg', { viewBox: '0 0 120 70' });
  panel.thresholds.forEach((step, i) => {
    const from = step.value ?? min;
    const to = panel.thresholds[i + 1]?.value ?? max;
    if (to > from) el.append(svg('path', { d: arc(from, to, 52), stroke: colour(step.color), 'stroke-width': 3, fill: 'none' }));
  });
  el.append(svg('path', { d: arc(min, max, 44), stroke: '#2c3235', 'stroke-width': 10, fill: 'none' }));
  if (Number.isFinite(v)) el.append(svg('path', { d: arc(min, Math.max(min, Math.min(max, v)), 44), stroke: thresholdColour(panel.thresholds, v), 'stroke-width': 10, fill: 'none' }));
  const text = svg('text', { x: 60, y: 62, 'text-anchor': 'middle', 'font-size': 14, fill: Number.isFinite(v) ? thresholdColour(panel.thresholds, v) : '#8e8e9e' });
  text.textContent = formatValue(v, panel.unit, panel.decimals);
  el.append(text);
  const box = document.createElement('div');
  box.className = 'gauge';
  box.append(el);
  body.replaceChildren(box);
}

/**
 * A donut of each series' last value, with its legend.
 * @param {HTMLElement} body
 * @param {Panel} panel
 * @param {Series[]} series
 */
export function drawPie(body, panel, series) {
  const values = series.map((s) => Math.max(0, lastValue(s) || 0));
  const total = values.reduce((a, b) => a + b, 0) || 1;
  const el = svg('svg', { viewBox: '0 0 100 100' });
  const legend = document.createElement('ul');
  legend.className = 'legend';
  let angle = -Math.PI / 2;
  series.forEach((s, i) => {
    const share = values[i] / total;
    const next = angle + share * 2 * Math.PI;
    const p = (/** @type {number} */ a) => `${50 + 45 * Math.cos(a)},${50 + 45 * Math.sin(a)}`;
    const stroke = seriesColour(panel, s, i);
    if (share >= 0.9999) el.append(svg('circle', { cx: 50, cy: 50, r: 45, fill: 'none', stroke, 'stroke-width': 14 }));
    else if (share > 0) el.append(svg('path', { d: `M${p(angle)}A45,45 0 ${share > 0.5 ? 1 : 0} 1 ${p(next)}`, fill: 'none', stroke, 'stroke-width': 14 }));
    angle = next;
    const item = document.createElement('li');
    const swatch = document.createElement('i');
    swatch.style.background = stroke;
    item.append(swatch, `${s.legend}: ${formatValue(values[i], panel.unit, panel.decimals)} (${(share * 100).toFixed(1)}%)`);
    legend.append(item);
  });
  const box = document.createElement('div');
  box.className = 'pie';
  box.append(el, legend);
  body.replaceChildren(box);
}

/**
 * One row per series, one column per label (those the dashboard hides left out, in its order) and its value.
 * @param {HTMLElement} body
 * @param {Panel} panel
 * @param {Series[]} series
 */
export function drawTable(body, panel, series) {
  const hidden = new Set([...panel.hidden, '__name__']);
  const labels = [...new Set(series.flatMap((s) => Object.keys(s.labels)))].filter((c) => !hidden.has(c));
  // The dashboard's order first (an `organize` transformation's indexByName), then the others as they come.
  const columns = [...(panel.order ?? []).filter((c) => labels.includes(c)), ...labels.filter((c) => !(panel.order ?? []).includes(c))];
  const withValue = !hidden.has('Value');
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of [...columns, ...(withValue ? ['Value'] : [])]) head.append(Object.assign(document.createElement('th'), { textContent: c }));
  const rows = table.createTBody();
  for (const s of series) {
    const row = rows.insertRow();
    for (const c of columns) row.insertCell().textContent = s.labels[c] ?? '';
    if (withValue) row.insertCell().textContent = formatValue(lastValue(s), panel.unit, panel.decimals);
  }
  body.replaceChildren(table);
}

/**
 * Draws `series` in `body` the way `panel.type` says; false when there is no value to draw.
 * @param {HTMLElement} body
 * @param {Panel} panel
 * @param {Series[]} series
 * @param {number[]} xs
 * @param {ChartContext} chart
 */
export function drawPanel(body, panel, series, xs, chart) {
  if (!hasData(series)) return false;
  if (panel.type === 'timeseries') drawTimeseries(body, panel, series, xs, chart);
  else if (panel.type === 'stat') drawStat(body, panel, series);
  else if (panel.type === 'gauge') drawGauge(body, panel, series);
  else if (panel.type === 'piechart') drawPie(body, panel, series);
  else if (panel.type === 'table') drawTable(body, panel, series);
  else drawTimeseries(body, panel, series, xs, chart);
  return true;
}
