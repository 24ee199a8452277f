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
