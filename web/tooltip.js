// @ts-check
/**
 * The hover tooltip of a time series, as Grafana's "all series" tooltip: at the cursor's time, each series' value
 * (in the panel's unit and colour) and the alerts firing then, in a box that follows the cursor. uPlot's own legend
 * also shows the values at the cursor (live legend) where the panel has one. The box lives in the page's body, fixed,
 * so that the panel's edges (which clip) do not cut it.
 */
import uPlot from '/vendor/uplot/uPlot.esm.js'; // eslint-disable-line no-unused-vars -- for the Plugin type
import { firingAt } from './annotations.js';
import { scenarioClock, utcTime } from './format.js';

/**
 * @param {(v: number | null) => string} fmt the panel's value format
 * @param {number} origin the scenario's time 0, simulated ms (for `t=`)
 * @returns {import('/vendor/uplot/uPlot.esm.js').Plugin}
 */
export function tooltipPlugin(fmt, origin) {
  const tip = document.createElement('div');
  tip.className = 'tooltip';
  tip.hidden = true;
  return {
    hooks: {
      init: [
        (u) => {
          document.body.append(tip);
          u.over.addEventListener('mouseleave', () => (tip.hidden = true));
        },
      ],
      destroy: [() => tip.remove()],
      setCursor: [
        (u) => {
          const { idx, left, top } = u.cursor;
          // The crosshair is shared by every chart (uPlot's cursor sync); the tooltip is the hovered chart's only.
          if (!u.over.matches(':hover') || idx === null || idx === undefined || left === undefined || left < 0) {
            tip.hidden = true;
            return;
          }
          const x = /** @type {number} */ (u.data[0][idx]);
          const head = Object.assign(document.createElement('div'), { className: 'time', textContent: `${utcTime(x * 1000)} · t=${scenarioClock(x * 1000 - origin)}` });
          const rows = u.series.slice(1).map((s, i) => {
            const row = document.createElement('div');
            row.className = 'row';
            const swatch = document.createElement('i');
            // uPlot turns a series' stroke into a function once the chart is built.
            const stroke = typeof s.stroke === 'function' ? s.stroke(u, i + 1) : s.stroke;
            swatch.style.background = typeof stroke === 'string' ? stroke : '';
            const v = u.data[i + 1][idx];
            row.append(swatch, Object.assign(document.createElement('span'), { textContent: String(s.label ?? '') }), Object.assign(document.createElement('b'), { textContent: fmt(v ?? null) }));
            return row;
          });
          const alerts = firingAt(x).map((s) => Object.assign(document.createElement('div'), { className: `alert ${s.severity}`, textContent: `▲ ${s.alert} firing` }));
          tip.replaceChildren(head, ...rows, ...alerts);
          tip.hidden = false;
          // Beside the cursor, on the side with room.
          const box = u.over.getBoundingClientRect();
          const at = box.left + left;
          const flip = at > window.innerWidth / 2;
          tip.style.left = flip ? '' : `${at + 12}px`;
          tip.style.right = flip ? `${window.innerWidth - at + 12}px` : '';
          tip.style.top = `${Math.max(0, box.top + (top ?? 0) - 10)}px`;
        },
      ],
    },
  };
}
