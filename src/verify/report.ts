/**
 * Verify results for people (a table), for machines (JSON) and for CI (JUnit XML). Formatting only.
 */
import { formatDuration } from '../core/units.js';
import type { AlertVerdict } from './judge.js';
import type { ScenarioVerification } from './verify-scenario.js';

function time(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms);
}

function value(v: number | null): string {
  // A drill knows when an alert fired, not the expression's value then (NaN).
  if (v === null || Number.isNaN(v)) return '';
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(3);
}

const NOTIFICATION = new Set(['page', 'warn', 'no-page', 'no-warn']);

function expectedText(v: AlertVerdict): string {
  if (v.expected === 'page' || v.expected === 'warn') {
    const resolve = v.resolveBefore === undefined ? 'firing at end' : `resolve ${time(v.resolveAfter!)}–${time(v.resolveBefore)}`;
    return `${v.expected} ${time(v.after!)}–${time(v.before!)}, ${resolve}`;
  }
  if (v.expected === 'no-page' || v.expected === 'no-warn') return `no ${v.expected.slice(3)}`;
  if (v.expected !== 'fire') return v.expected === 'none' ? '(no expect)' : v.expected;
  const window = v.after !== undefined || v.before !== undefined ? ` ${time(v.after ?? 0)}–${v.before !== undefined ? time(v.before) : 'end'}` : '';
  if (v.resolveBefore === undefined) return `fire${window}, firing at end`;
  return `fire${window}, resolve ${v.resolveAfter !== undefined ? `${time(v.resolveAfter)}–` : '≤'}${time(v.resolveBefore)}`;
}

function observedText(v: AlertVerdict): string {
  const verb = NOTIFICATION.has(v.expected) ? 'sent' : 'fired';
  if (v.firstFiring === null) return NOTIFICATION.has(v.expected) ? 'none sent' : 'silent';
  return `${verb} ×${v.firings}, ${v.resolvedAt === null ? 'firing at end' : `resolved ${time(v.resolvedAt)}`}`;
}

/** What a table needs: verify's results, or a drill's. */
export type JudgedScenario = Pick<ScenarioVerification, 'scenario' | 'verdicts' | 'ok'>;

/** Rows worth showing: expected, allowed or observed firings, and failures; silent-and-expected ones are counted. */
export function formatTable(results: readonly JudgedScenario[], all = false): string {
  const rows: string[][] = [['scenario', 'alert', 'expected', 'observed', 'first firing', 'value', '']];
  for (const r of results) {
    const shown = r.verdicts.filter((v) => all || v.expected === 'fire' || NOTIFICATION.has(v.expected) || v.firstFiring !== null || !v.ok);
    for (const v of shown) {
      rows.push([
        r.scenario.name,
        (NOTIFICATION.has(v.expected) ? `[${v.alert}]` : v.alert) + (v.labels ? `{${Object.entries(v.labels).map(([k, x]) => `${k}="${x}"`).join(',')}}` : ''),
        expectedText(v),
        observedText(v),
        time(v.firstFiring),
        value(v.value),
        r.ok === null ? '' : v.ok ? 'ok' : `FAIL: ${v.reason}`,
      ]);
    }
    const quiet = r.verdicts.length - shown.length;
    if (quiet > 0) rows.push([r.scenario.name, `(${quiet} ${shown.length ? 'other ' : ''}alerts)`, r.scenario.expect ? 'silent' : '(no expect)', 'silent', '–', '', r.ok === null ? '' : 'ok']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** The one-line verdict. */
export function formatVerdict(results: readonly ScenarioVerification[]): string {
  const judged = results.filter((r) => r.ok !== null);
  const failed = judged.filter((r) => !r.ok);
  const seconds = results.reduce((s, r) => s + r.timings.totalMs, 0) / 1000;
  if (failed.length === 0) {
    return `verify: ${judged.length} of ${results.length} scenarios judged, all expectations hold (${seconds.toFixed(1)} s of work)`;
  }
  return `verify: FAILED — ${failed.map((r) => r.scenario.name).join(', ')} (${failed.length} of ${judged.length} judged scenarios)`;
}

/** JSON for tools: verdicts and every episode, times in scenario seconds and ISO. */
export function toJson(results: readonly ScenarioVerification[]): unknown {
  return {
    ok: results.every((r) => r.ok !== false),
    scenarios: results.map((r) => ({
      name: r.scenario.name,
      source: r.scenario.source,
      seed: r.scenario.seed,
      ok: r.ok,
      samples: r.samples,
      timingsMs: r.timings,
      verdicts: r.verdicts,
      episodes: r.episodes.map((e) => ({
        ...e,
        activeAt: new Date(e.activeAt).toISOString(),
        firedAt: e.firedAt === null ? null : new Date(e.firedAt).toISOString(),
        resolvedAt: e.resolvedAt === null ? null : new Date(e.resolvedAt).toISOString(),
        firedAtScenarioSeconds: e.firedAt === null ? null : (e.firedAt - r.scenario.start) / 1000,
      })),
    })),
  };
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML: one suite per scenario, one test case per verdict. */
export function toJunit(results: readonly ScenarioVerification[]): string {
  const suites = results.map((r) => {
    const cases = r.verdicts.map((v) => {
      const name = xml(`${v.alert} ${expectedText(v)}`);
      const failure = v.ok || r.ok === null
        ? ''
        : `<failure message="${xml(v.reason)}">observed: ${xml(v.firstFiring === null ? 'silent' : `first firing at ${time(v.firstFiring)}, value ${value(v.value)}`)}</failure>`;
      return `    <testcase classname="${xml(r.scenario.name)}" name="${name}">${failure}</testcase>`;
    });
    const failures = r.verdicts.filter((v) => !v.ok && r.ok !== null).length;
    return `  <testsuite name="${xml(r.scenario.name)}" tests="${r.verdicts.length}" failures="${failures}" time="${(r.timings.totalMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lunar-sim verify">\n${suites.join('\n')}\n</testsuites>\n`;
}
