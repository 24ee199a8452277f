// @ts-check
/**
 * The dashboard's template variables as Grafana's dropdowns: one value from a list (`$interval`), or several from a
 * label's values in Prometheus (`$model`: `label_values(metric, label)`, with All). The queries are resolved by the
 * server (`/api/v1/dashboard?var-model=a&var-model=b`, Grafana's URL form, each value checked there), because they
 * are compressed for the demo's speed after the variables are substituted; the page keeps its choice in its URL.
 */
import { getJson } from './api.js';

/**
 * @typedef {{ name: string, label: string, type: string, multi: boolean, includeAll: boolean, options: string[],
 *   labelValues: { metric: string, label: string } | null, current: string[] }} Variable
 * @typedef {Record<string, string[]>} Choices
 */

const ALL = '$__all';

/** The `var-` parameters of `choices`, as the server and Grafana's URLs take them. */
export function choiceParams(/** @type {Choices} */ choices) {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(choices)) for (const v of values) params.append(`var-${name}`, v);
  return params;
}

/** The choices in the page's URL (`?var-model=…`), if any. */
export function choicesInUrl() {
  /** @type {Choices} */
  const choices = {};
  for (const [k, v] of new URLSearchParams(location.search)) if (k.startsWith('var-')) (choices[k.slice(4)] ??= []).push(v);
  return choices;
}

/**
 * A label's values in the demo's Prometheus (what Grafana's `label_values(metric, label)` lists).
 * @param {{ metric: string, label: string }} q
 * @returns {Promise<string[]>}
 */
async function labelValues(q) {
  const body = await getJson(`/api/v1/prometheus/query?${new URLSearchParams({ query: `group by (${q.label}) (${q.metric})` })}`);
  /** @type {{ metric: Record<string, string> }[]} */
  const result = body.data.result;
  return [...new Set(result.map((r) => r.metric[q.label]).filter(Boolean))].sort();
}

/**
 * A multi-value variable: a button that opens a list of checkboxes, All first (All alone, or some values).
 * @param {Variable} v
 * @param {string[]} values
 * @param {(values: string[]) => void} onChange
 */
function multiSelect(v, values, onChange) {
  const box = Object.assign(document.createElement('details'), { className: 'variable' });
  box.dataset.variable = v.name;
  const summary = document.createElement('summary');
  const list = document.createElement('div');
  list.className = 'options';
  const options = [...(v.includeAll ? [ALL] : []), ...values];
  const inputs = options.map((value) => {
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', value, checked: v.current.includes(value) });
    const label = document.createElement('label');
    label.append(input, value === ALL ? 'All' : value);
    list.append(label);
    return input;
  });
  const show = () => {
    const chosen = inputs.filter((i) => i.checked).map((i) => i.value);
    summary.textContent = `${v.label}: ${chosen.includes(ALL) ? 'All' : chosen.join(' + ') || '—'}`;
  };
  list.addEventListener('change', (e) => {
    const changed = /** @type {HTMLInputElement} */ (e.target);
    // All excludes the others, and nothing chosen means All, as in Grafana.
    if (changed.value === ALL && changed.checked) for (const i of inputs) i.checked = i.value === ALL;
    else if (changed.checked) for (const i of inputs) if (i.value === ALL) i.checked = false;
    if (!inputs.some((i) => i.checked)) for (const i of inputs) i.checked = i.value === (v.includeAll ? ALL : inputs[0].value);
    show();
    onChange(inputs.filter((i) => i.checked).map((i) => i.value));
  });
  show();
  box.append(summary, list);
  return box;
}

/**
 * A one-value variable: a select.
 * @param {Variable} v
 * @param {string[]} values
 * @param {(values: string[]) => void} onChange
 */
function singleSelect(v, values, onChange) {
  const label = Object.assign(document.createElement('label'), { className: 'variable', textContent: `${v.label} ` });
  label.dataset.variable = v.name;
  const select = document.createElement('select');
  for (const value of [...(v.includeAll ? [ALL] : []), ...values]) {
    select.append(Object.assign(document.createElement('option'), { value, textContent: value === ALL ? 'All' : value, selected: v.current.includes(value) }));
  }
  select.addEventListener('change', () => onChange([select.value]));
  label.append(select);
  return label;
}

/**
 * Draws the variables' dropdowns in `#variables`; `onChange` gets every variable's choice when one changes.
 * @param {Variable[]} variables
 * @param {(choices: Choices) => void} onChange
 */
export async function showVariables(variables, onChange) {
  const root = /** @type {HTMLElement} */ (document.getElementById('variables'));
  /** @type {Choices} */
  const choices = Object.fromEntries(variables.map((v) => [v.name, v.current]));
  const controls = await Promise.all(
    variables.map(async (v) => {
      // A query variable's values come from Prometheus; if it cannot answer, the values in force are still offered.
      const values = v.labelValues ? await labelValues(v.labelValues).catch(() => v.current.filter((c) => c !== ALL)) : v.options;
      const set = (/** @type {string[]} */ vs) => {
        choices[v.name] = vs;
        onChange({ ...choices });
      };
      return v.multi ? multiSelect(v, values, set) : singleSelect(v, values, set);
    }),
  );
  root.replaceChildren(...controls);
}
