// @ts-check
/**
 * The side bar: each alerting rule with its state, value, since when and runbook link; and the inbox of the
 * notifications Alertmanager routed, each alert with its severity and summary. Times are scenario time (`t=`).
 */
import { getJson } from './api.js';
import { scenarioClock } from './format.js';

/**
 * @typedef {{ name: string, state: string, labels: Record<string, string>, annotations?: Record<string, string>,
 *   alerts?: { value: string, activeAt: string }[] }} Rule
 * @typedef {{ toSim: (realMs: number) => number, origin: number }} Clock origin: the scenario's time 0, simulated ms
 */

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
 * A rule's runbook link. The rules give a path in this repository (`docs/runbooks.md#lunarclaudedown`); the demo's
 * server serves docs/ as text, so the link opens the runbook itself (the anchor names the section).
 * @param {string} url
 */
function runbookLink(url) {
  const a = document.createElement('a');
  a.className = 'runbook';
  a.textContent = 'runbook';
  a.title = url;
  a.target = '_blank';
  a.rel = 'noopener';
  // Only a relative path or http(s): a rule's annotation must not put a javascript: URL in the page.
  a.href = /^(https?:\/\/|[\w./-]+(#[\w-]*)?$)/.test(url) ? (/^https?:/.test(url) ? url : `/${url.replace(/^[./]+/, '')}`) : '#';
  return a;
}

/**
 * Each alerting rule with its state — inactive, pending, firing, or inhibited (firing, and held back by Alertmanager
 * because a graver alert of its class fires) — while active its value and since when, and its runbook.
 * @param {Clock} clock
 */
export async function refreshAlerts(clock) {
  const [body, inhibited] = await Promise.all([getJson('/api/v1/prometheus/rules'), inhibitedAlerts()]);
  /** @type {Rule[]} */
  const rules = body.data.groups.flatMap((/** @type {{ rules: Rule[] }} */ g) => g.rules);
  const list = /** @type {HTMLElement} */ (document.getElementById('alerts'));
  list.replaceChildren(
    ...rules.map((r) => {
      const item = document.createElement('li');
      const state = r.state === 'firing' && inhibited.has(r.name) ? 'inhibited' : r.state;
      item.dataset.alert = r.name;
      item.dataset.state = state;
      const name = Object.assign(document.createElement('span'), { className: 'name', textContent: `${r.name}${r.labels.severity ? ` (${r.labels.severity})` : ''}` });
      if (r.annotations?.summary) name.title = r.annotations.summary;
      item.append(name);
      const active = r.alerts?.[0];
      if (active && r.state !== 'inactive') {
        const since = scenarioClock(clock.toSim(Date.parse(active.activeAt)) - clock.origin);
        item.append(Object.assign(document.createElement('span'), { className: 'detail', textContent: `${Number(active.value).toPrecision(3)} since ${since}` }));
      }
      if (r.annotations?.runbook_url) item.append(runbookLink(r.annotations.runbook_url));
      item.append(Object.assign(document.createElement('span'), { className: 'state', textContent: state }));
      return item;
    }),
  );
}

/**
 * The latest notifications, newest first: when, to whom, and each alert's status, name, severity and summary.
 * @param {Clock} clock
 */
export async function refreshInbox(clock) {
  const body = await getJson('/api/v1/inbox');
  /** @type {{ receiver: string, receivedAt: number, alerts: { status: string, labels: Record<string, string>, annotations?: Record<string, string> }[] }[]} */
  const notes = body.notifications;
  const list = /** @type {HTMLElement} */ (document.getElementById('inbox'));
  list.replaceChildren(
    ...notes.slice(-50).reverse().map((n) => {
      const item = document.createElement('li');
      item.dataset.receiver = n.receiver;
      item.append(Object.assign(document.createElement('span'), { className: 'when', textContent: `[${scenarioClock(clock.toSim(n.receivedAt) - clock.origin)}] ${n.receiver} ← ` }));
      for (const a of n.alerts) {
        const line = Object.assign(document.createElement('div'), { className: 'note' });
        line.dataset.status = a.status;
        line.dataset.severity = a.labels.severity ?? '';
        line.append(Object.assign(document.createElement('span'), { className: a.status, textContent: `${a.status === 'firing' ? 'FIRING' : 'resolved'} ${a.labels.alertname}` }));
        if (a.labels.severity) line.append(Object.assign(document.createElement('span'), { className: `severity ${a.labels.severity}`, textContent: a.labels.severity }));
        if (a.annotations?.summary) line.append(Object.assign(document.createElement('div'), { className: 'summary', textContent: a.annotations.summary }));
        item.append(line);
      }
      return item;
    }),
  );
}
