// @ts-check
/**
 * Annotations on the time series, as Grafana draws them: each alert's firing spans shaded over the window (from
 * Prometheus' own `ALERTS{alertstate="firing"}` series, read through the page's proxy), and a dashed vertical line at
 * the start of each of the scenario's phases, with its name. Times are simulated seconds, the charts' x axis.
 */

/**
 * @typedef {{ alert: string, severity: string, from: number, to: number }} Span simulated seconds
 * @typedef {{ name: string, at: number }} Marker simulated seconds
 * @typedef {{ spans: Span[], phases: Marker[] }} Annotations
 * @typedef {{ metric: Record<string, string>, values: [number, string][] }} RangeSeries
 */

/** Span colours by severity: critical red, else orange (Grafana's alert annotation colours). */
const FILL = /** @type {Record<string, string>} */ ({ critical: 'rgba(242, 73, 92, 0.18)', warning: 'rgba(255, 152, 48, 0.14)' });
const EDGE = /** @type {Record<string, string>} */ ({ critical: 'rgba(242, 73, 92, 0.7)', warning: 'rgba(255, 152, 48, 0.6)' });

/** The annotations of the last refresh; every chart's draw hook reads them. */
let current = /** @type {Annotations} */ ({ spans: [], phases: [] });

/** The annotations drawn now. */
export function annotations() {
  return current;
}

/**
 * Firing spans from ALERTS' range result: consecutive points of one series (one alert's label set) make a span; a gap
 * of more than one and a half steps ends it (the alert resolved and fired again).
 * @param {RangeSeries[]} result
 * @param {number} stepSec simulated seconds between points
 * @param {(realMs: number) => number} toSim
 * @returns {Span[]}
 */
export function firingSpans(result, stepSec, toSim) {
  /** @type {Span[]} */
  const spans = [];
  for (const r of result) {
    /** @type {Span | null} */
    let open = null;
    for (const [t] of r.values) {
      // Whole seconds, as the charts' x values: the tooltip finds the alert at the very point it fired.
      const x = Math.round(toSim(t * 1000) / 1000);
      if (open && x - open.to <= 1.5 * stepSec) open.to = x;
      else spans.push((open = { alert: r.metric.alertname ?? '?', severity: r.metric.severity ?? '', from: x, to: x }));
    }
  }
  return spans;
}

/**
 * Reads the firing spans over `window` (real seconds), with the phases' markers, for the charts.
 * @param {{ start: number, end: number, step: number }} window
 * @param {{ name: string, at: number }[]} phases simulated ms
 * @param {(realMs: number) => number} toSim
 * @param {(url: string) => Promise<{ data: { result: RangeSeries[] } }>} getJson
 * @returns {Promise<Annotations>}
 */
export async function loadAnnotations(window, phases, toSim, getJson) {
  const params = { query: 'ALERTS{alertstate="firing"}', start: window.start.toFixed(3), end: window.end.toFixed(3), step: window.step.toFixed(3) };
  const body = await getJson(`/api/v1/prometheus/query_range?${new URLSearchParams(params)}`);
  const stepSec = (toSim(window.step * 1000) - toSim(0)) / 1000;
  return { spans: firingSpans(body.data.result, stepSec, toSim), phases: phases.map((p) => ({ name: p.name, at: p.at / 1000 })) };
}

/**
 * The annotations the charts draw from now on (those of the latest refresh: an older one's answer arriving late must
 * not replace them).
 * @param {Annotations} a
 */
export function setAnnotations(a) {
  current = a;
}

/**
 * The union of `spans`' intervals, in order.
 * @param {Span[]} spans
 * @returns {[number, number][]}
 */
export function union(spans) {
  /** @type {[number, number][]} */
  const out = [];
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && s.from <= last[1]) last[1] = Math.max(last[1], s.to);
    else out.push([s.from, s.to]);
  }
  return out;
}

/**
 * The uPlot plugin that draws the annotations: spans under the series, phase lines over them. The chart's element
 * says how many of each it drew (`data-spans`, `data-phases`), which the browser tests read.
 * @param {HTMLElement} holder
 * @returns {import('/vendor/uplot/uPlot.esm.js').Plugin}
 */
export function annotationsPlugin(holder) {
  return {
    hooks: {
      drawAxes: [
        (u) => {
          const { ctx, bbox } = u;
          const [lo, hi] = [u.scales.x.min ?? 0, u.scales.x.max ?? 0];
          const shown = current.spans.filter((s) => s.to >= lo && s.from <= hi);
          ctx.save();
          // Alerts of one incident overlap: one band per severity (their union), the critical one over the warning's.
          for (const severity of ['warning', 'critical']) {
            for (const [from, to] of union(shown.filter((s) => (s.severity === 'critical') === (severity === 'critical')))) {
              const x0 = Math.max(bbox.left, u.valToPos(from, 'x', true));
              const x1 = Math.min(bbox.left + bbox.width, u.valToPos(to, 'x', true));
              ctx.fillStyle = FILL[severity];
              ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
              ctx.fillStyle = EDGE[severity];
              ctx.fillRect(x0, bbox.top + bbox.height - 3 * devicePixelRatio, Math.max(1, x1 - x0), 3 * devicePixelRatio);
            }
          }
          ctx.restore();
          holder.dataset.spans = String(shown.length);
        },
      ],
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          const [lo, hi] = [u.scales.x.min ?? 0, u.scales.x.max ?? 0];
          const shown = current.phases.filter((p) => p.at >= lo && p.at <= hi);
          ctx.save();
          ctx.strokeStyle = 'rgba(87, 148, 242, 0.9)';
          ctx.fillStyle = 'rgba(87, 148, 242, 1)';
          ctx.lineWidth = devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.font = `${10 * devicePixelRatio}px sans-serif`;
          for (const p of shown) {
            const x = Math.round(u.valToPos(p.at, 'x', true)) + 0.5;
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillText(p.name, x + 3 * devicePixelRatio, bbox.top + 10 * devicePixelRatio);
          }
          ctx.restore();
          holder.dataset.phases = String(shown.length);
        },
      ],
    },
  };
}

/**
 * What the annotations say at simulated second `x`: the alerts firing then, for the tooltip.
 * @param {number} x
 */
export function firingAt(x) {
  return current.spans.filter((s) => s.from <= x && x <= s.to);
}
