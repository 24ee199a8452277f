// @ts-check
/**
 * Grafana's look, for the units, thresholds and colours the dashboard JSON uses: `short`, `percent`, `currencyUSD`,
 * `s`; threshold steps (the first from -∞); Grafana's named colours and its classic palette for series.
 */

/** @typedef {{ value: number | null, color: string }} ThresholdStep */

/** Grafana's named colours. */
const NAMED = /** @type {Record<string, string>} */ ({
  green: '#73BF69',
  'dark-green': '#37872D',
  yellow: '#FADE2A',
  orange: '#FF9830',
  red: '#F2495C',
  'dark-red': '#C4162A',
  blue: '#5794F2',
  purple: '#B877D9',
  text: '#CCCCDC',
});

/** Grafana's classic palette, for series without a colour of their own. */
export const PALETTE = ['#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9', '#705DA0', '#37872D', '#FADE2A'];

/** @param {string} name */
export function colour(name) {
  return NAMED[name] ?? name;
}

/**
 * The colour of `value` under threshold `steps`: the last step at or below it.
 * @param {ThresholdStep[]} steps
 * @param {number} value
 */
export function thresholdColour(steps, value) {
  let chosen = steps[0]?.color ?? 'green';
  for (const s of steps) if (s.value === null || value >= s.value) chosen = s.color;
  return colour(chosen);
}

/**
 * @param {number} v
 * @param {number | null} decimals
 * @param {number} auto decimals when none are set
 */
function fixed(v, decimals, auto) {
  return v.toFixed(decimals ?? (Math.abs(v) >= 100 ? 0 : auto));
}

/**
 * A value in a Grafana unit.
 * @param {number} v
 * @param {string} unit
 * @param {number | null} decimals
 */
export function formatValue(v, unit, decimals) {
  if (!Number.isFinite(v)) return '–';
  switch (unit) {
    case 'percent':
      return `${fixed(v, decimals, 1)}%`;
    case 'currencyUSD':
      return `$${fixed(v, decimals, 2)}`;
    case 's':
      if (Math.abs(v) >= 120) return `${fixed(v / 60, decimals, 1)} min`;
      return `${fixed(v, decimals, 1)} s`;
    default: {
      const a = Math.abs(v);
      if (a >= 1e9) return `${fixed(v / 1e9, decimals, 2)} B`;
      if (a >= 1e6) return `${fixed(v / 1e6, decimals, 2)} Mil`;
      if (a >= 1e3) return `${fixed(v / 1e3, decimals, 2)} K`;
      return fixed(v, decimals, a < 10 && !Number.isInteger(v) ? 2 : 0);
    }
  }
}

/**
 * Grafana's legend template (`{{source}}`) filled with a series' labels.
 * @param {string | null} template
 * @param {Record<string, string>} labels
 */
export function legendOf(template, labels) {
  if (template) return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => labels[k] ?? '');
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__');
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : 'value';
}

/**
 * A scenario time offset as the header writes it: `1h5m0s`, `-2h0m0s`, `45s`.
 * @param {number} ms
 */
export function scenarioClock(ms) {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s % 60}s`;
}

/**
 * The inverse of scenarioClock, for the custom range's fields: `1h30m`, `-2h`, `90m`, `45s`, `0`; null when it is not
 * such an offset (the page says so next to the field).
 * @param {string} text
 * @returns {number | null} ms
 */
export function parseClock(text) {
  const m = /^\s*(-?)(?:(\d{1,4})h)?(?:(\d{1,5})m)?(?:(\d{1,6})s)?\s*$/.exec(text);
  if (!m || text.trim() === '' || text.trim() === '-') return text.trim() === '0' ? 0 : null;
  const ms = ((Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] ? -ms : ms;
}

/**
 * A simulated instant as `HH:MM:SS UTC` (the page shows every time in UTC, as the scenario states it).
 * @param {number} ms since epoch
 */
export function utcTime(ms) {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}
