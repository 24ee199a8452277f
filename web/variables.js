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
 * A multi-value variable: a button that opens a list of checkboxes, All first (All alone, or some values). A query
 * variable's values are read again each time the list opens (Grafana re-reads them too): new values appear, and a
 * failed read (a busy Prometheus at the page's first load) is not final.
 * @param {Variable} v
 * @param {() => Promise<string[]>} load
 * @param {(values: string[]) => void} onChange
 */
function multiSelect(v, load, onChange) {
  const box = Object.assign(document.createElement('details'), { className: 'variable' });
  box.dataset.variable = v.name;
  const summary = document.createElement('summary');
  const list = document.createElement('div');
  list.className = 'options';
  /** @type {HTMLInputElement[]} */
  let inputs = [];
  let chosen = [...v.current];
  const show = () => {
    summary.textContent = `${v.label}: ${chosen.includes(ALL) ? 'All' : chosen.join(' + ') || '—'}`;
  };
  const fill = (/** @type {string[]} */ values) => {
    const options = [...(v.includeAll ? [ALL] : []), ...new Set([...values, ...chosen.filter((c) => c !== ALL)])];
    inputs = options.map((value) => Object.assign(document.createElement('input'), { type: 'checkbox', value, checked: chosen.includes(value) }));
    list.replaceChildren(
      ...inputs.map((input) => {
        const label = document.createElement('label');
        label.append(input, input.value === ALL ? 'All' : input.value);
        return label;
      }),
    );
  };
  list.addEventListener('change', (e) => {
    const changed = /** @type {HTMLInputElement} */ (e.target);
    // All excludes the others, and nothing chosen means All, as in Grafana.
    if (changed.value === ALL && changed.checked) for (const i of inputs) i.checked = i.value === ALL;
    else if (changed.checked) for (const i of inputs) if (i.value === ALL) i.checked = false;
    if (!inputs.some((i) => i.checked)) for (const i of inputs) i.checked = i.value === (v.includeAll ? ALL : inputs[0].value);
    chosen = inputs.filter((i) => i.checked).map((i) => i.value);
    show();
    onChange(chosen);
  });
  box.addEventListener('toggle', () => {
    if (box.open) void load().then(fill);
  });
  fill([]);
  void load().then(fill);
  show();
  box.append(summary, list);
  return box;
}

/**
 * A one-value variable: a select (a query variable's values filled in once Prometheus has answered).
 * @param {Variable} v
 * @param {() => Promise<string[]>} load
 * @param {(values: string[]) => void} onChange
 */
function singleSelect(v, load, onChange) {
  const label = Object.assign(document.createElement('label'), { className: 'variable', textContent: `${v.label} ` });
  label.dataset.variable = v.name;
  const select = document.createElement('select');
  const fill = (/** @type {string[]} */ values) => {
    const chosen = select.value || v.current[0];
    select.replaceChildren(
      ...[...new Set([...(v.includeAll ? [ALL] : []), ...values, ...v.current])].map((value) =>
        Object.assign(document.createElement('option'), { value, textContent: value === ALL ? 'All' : value, selected: value === chosen }),
      ),
    );
  };
  fill(v.options);
  void load().then(fill);
  select.addEventListener('change', () => onChange([select.value]));
  label.append(select);
  return label;
}

/**
 * Draws the variables' dropdowns in `#variables`; `onChange` gets every variable's choice when one changes.
 * @param {Variable[]} variables
 * @param {(choices: Choices) => void} onChange
 */
export function showVariables(variables, onChange) {
  const root = /** @type {HTMLElement} */ (document.getElementById('variables'));
  /** @type {Choices} */
  const choices = Object.fromEntries(variables.map((v) => [v.name, v.current]));
  const controls = variables.map((v) => {
    const set = (/** @type {string[]} */ vs) => {
      choices[v.name] = vs;
      onChange({ ...choices });
    };
    const q = v.labelValues;
    // A query variable's values come from Prometheus; when it cannot answer, the values in force are still offered.
    const load = q
      ? () => labelValues(q).catch((e) => (console.warn(`$${v.name}: ${e.message}`), /** @type {string[]} */ ([])))
      : async () => v.options;
    return v.multi ? multiSelect(v, load, set) : singleSelect(v, load, set);
  });
  root.replaceChildren(...controls);
}
