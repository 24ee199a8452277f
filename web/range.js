// @ts-check
/**
 * The page's time range and refresh, as Grafana's toolbar has them: presets (the last 15 min to 24 h of scenario
 * time), a custom range in scenario time (offsets from time 0, as the header's `t=`), a zoom set by dragging on a
 * time series, a reset to the dashboard's own range, and pause/resume of the refresh.
 *
 * Every range is held in simulated ms; Prometheus holds real-time samples (the demo runs `speed` times faster), so
 * the window each refresh queries is converted to real seconds here, in one place.
 */
import { parseClock, scenarioClock } from './format.js';

/**
 * @typedef {{ kind: 'relative', spanMs: number } | { kind: 'absolute', from: number, to: number }} Range simulated ms
 * @typedef {{ start: number, end: number, step: number }} Window real seconds, on a grid of `step`
 * @typedef {{ simOrigin: number, realOrigin: number, speed: number }} Axis
 */

/** Presets, scenario time. */
export const PRESETS = /** @type {const} */ ([
  ['15m', 15 * 60_000],
  ['1h', 3_600_000],
  ['6h', 6 * 3_600_000],
  ['24h', 24 * 3_600_000],
]);

/** Points a chart asks for over its range (Grafana asks for about one per pixel; a panel is ~300 px wide). */
const POINTS = 300;

/** Real ms of simulated ms: the inverse of the page's toSim. */
export function toReal(/** @type {Axis} */ axis, /** @type {number} */ sim) {
  return axis.realOrigin + (sim - axis.simOrigin) / axis.speed;
}

/**
 * The real-time window to query for `range` at real time `nowMs`: steps of at least a scrape, about POINTS of them,
 * in whole milliseconds so that every panel's grid lines up (the proxy takes times to the millisecond).
 * @param {Range} range
 * @param {{ axis: Axis, scrapeMs: number }} model
 * @param {number} nowMs
 * @returns {Window}
 */
export function windowOf(range, model, nowMs) {
  const { axis } = model;
  const spanMs = range.kind === 'relative' ? range.spanMs : range.to - range.from;
  const step = Math.max(0.001, Math.round(Math.max(model.scrapeMs, spanMs / POINTS) / axis.speed) / 1000);
  if (range.kind === 'relative') {
    const end = Math.floor(nowMs / 1000 / step) * step;
    return { start: end - Math.floor(spanMs / axis.speed / 1000 / step) * step, end, step };
  }
  // A range that reaches past now ends now: Prometheus has nothing later.
  const to = Math.min(toReal(axis, range.to), nowMs) / 1000;
  const from = Math.min(toReal(axis, range.from) / 1000, to - step);
  return { start: Math.floor(from / step) * step, end: Math.ceil(to / step) * step, step };
}

/**
 * The toolbar: binds the controls of index.html's `#toolbar` and calls `onChange` when the range changes (the page
 * refreshes at once, paused or not) and `onPause` when the refresh is paused or resumed.
 */
export class Toolbar {
  /**
   * @param {{ rangeMs: number, scenario: { start: number } | null, axis: Axis }} model
   * @param {() => void} onChange
   * @param {() => number} now the simulated time now, ms
   */
  constructor(model, onChange, now) {
    this.now = now;
    /** The dashboard's own range: what reset goes back to. */
    this.initial = /** @type {Range} */ ({ kind: 'relative', spanMs: model.rangeMs });
    /** @type {Range} */
    this.range = this.initial;
    this.paused = false;
    this.origin = model.scenario?.start ?? model.axis.simOrigin;
    this.onChange = onChange;
    const el = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    this.presets = el('presets');
    this.label = el('range-label');
    this.from = /** @type {HTMLInputElement} */ (el('range-from'));
    this.to = /** @type {HTMLInputElement} */ (el('range-to'));
    this.pause = el('pause');
    this.presets.replaceChildren(
      ...PRESETS.map(([name, spanMs]) => {
        const b = Object.assign(document.createElement('button'), { type: 'button', textContent: name, title: `les dernières ${name} (temps du scénario)` });
        b.dataset.preset = name;
        b.addEventListener('click', () => this.set({ kind: 'relative', spanMs }));
        return b;
      }),
    );
    /** @type {HTMLFormElement} */ (el('custom-range')).addEventListener('submit', (e) => {
      e.preventDefault();
      this.applyCustom();
    });
    // A field is judged again when it is applied; typing clears the last verdict.
    for (const f of [this.from, this.to]) f.addEventListener('input', () => (f.setCustomValidity(''), f.removeAttribute('aria-invalid')));
    el('reset-range').addEventListener('click', () => this.set(this.initial));
    this.pause.addEventListener('click', () => this.setPaused(!this.paused));
    this.show();
  }

  /** @param {Range} range */
  set(range) {
    this.range = range;
    this.show();
    this.onChange();
  }

  /** A zoom dragged on a time series: simulated seconds, as the charts' x axis. */
  zoom(/** @type {number} */ fromSec, /** @type {number} */ toSec) {
    if (toSec > fromSec) this.set({ kind: 'absolute', from: fromSec * 1000, to: toSec * 1000 });
  }

  applyCustom() {
    const from = parseClock(this.from.value);
    const to = parseClock(this.to.value);
    this.from.setCustomValidity(from === null ? 'un décalage depuis t=0, comme 1h30m ou -2h' : '');
    // A range that starts in the future has nothing to show (one that ends there is cut at now).
    const future = from !== null && this.origin + from >= this.now();
    if (future) this.from.setCustomValidity('« de » est dans le futur du scénario');
    this.to.setCustomValidity(to === null ? 'un décalage depuis t=0, comme 1h30m ou -2h' : from !== null && to <= from ? '« à » doit suivre « de »' : '');
    for (const f of [this.from, this.to]) f.setAttribute('aria-invalid', String(!f.checkValidity()));
    if (from === null || to === null || to <= from || future) {
      (this.from.validationMessage ? this.from : this.to).reportValidity();
      return;
    }
    this.set({ kind: 'absolute', from: this.origin + from, to: this.origin + to });
  }

  /** @param {boolean} paused */
  setPaused(paused) {
    this.paused = paused;
    this.pause.textContent = paused ? 'reprendre' : 'pause';
    this.pause.setAttribute('aria-pressed', String(paused));
    document.body.dataset.paused = String(paused);
  }

  show() {
    const r = this.range;
    const preset = r.kind === 'relative' ? PRESETS.find(([, ms]) => ms === r.spanMs)?.[0] : undefined;
    for (const b of this.presets.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.preset === preset));
    this.label.textContent =
      r.kind === 'relative'
        ? `dernières ${preset ?? scenarioClock(r.spanMs)}`
        : `t=${scenarioClock(r.from - this.origin)} → t=${scenarioClock(r.to - this.origin)}`;
    this.label.dataset.kind = r.kind;
    if (r.kind === 'absolute') {
      this.from.value = scenarioClock(r.from - this.origin);
      this.to.value = scenarioClock(r.to - this.origin);
    }
  }
}
