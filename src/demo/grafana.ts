/**
 * Grafana for a demo, when `grafana-server` is installed: provisioning files (the demo's Prometheus as the default
 * datasource, the dashboard) and a compressed copy of the dashboard. Grafana's time axis is real time, so its copy
 * is compressed like the rules: every query (src/promql/compress.ts, Grafana's variables kept as variables), the
 * `interval` variable's choices, the time range and the refresh. Values read the same as at speed 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { formatDuration, parseDuration } from '../core/units.js';
import { replaceVariables } from '../dashboard-page/grafana-variables.js';
import type { GrafanaDashboard } from '../dashboard-page/page-model.js';
import { ChildProcessError } from '../errors.js';
import { freePort } from '../prometheus/alertmanager.js';
import type { BinarySpec } from '../prometheus/binaries.js';
import { spawnChild } from '../prometheus/child.js';
import type { Scratch } from '../prometheus/scratch.js';
import { compressExpression } from '../promql/compress.js';
import { promDuration } from '../promql/durations.js';

export const GRAFANA: BinarySpec = { name: 'grafana-server', envVar: 'GRAFANA_BIN', candidates: ['grafana-server'] };

/** Marker durations standing for variables while a query is compressed: far from any real window. */
const MARKER_MS = 987_654_321_000;

/**
 * A Grafana query compressed for `speed` with its variables kept: each reference is masked as a unique duration
 * literal, compressed like any duration, then put back (in a label value it comes back unchanged, in a range from
 * its compressed form).
 */
export function compressGrafanaQuery(expr: string, speed: number): { expr: string; problems: string[] } {
  const references: string[] = [];
  const masked = replaceVariables(expr, (_name, reference) => {
    references.push(reference);
    return formatDuration((MARKER_MS + references.length) * speed);
  });
  const c = compressExpression(masked, speed);
  let out = c.expr;
  references.forEach((reference, i) => {
    for (const form of [formatDuration((MARKER_MS + i + 1) * speed), promDuration(MARKER_MS + i + 1)]) out = out.split(form).join(reference);
  });
  return { expr: out, problems: c.problems };
}

function compressedChoices(text: string, speed: number): string {
  return text
    .split(',')
    .map((d) => {
      const ms = parseDuration(d.trim());
      return ms === null ? d : promDuration(ms / speed);
    })
    .join(',');
}

interface Variable {
  type?: string;
  query?: unknown;
  current?: { text?: unknown; value?: unknown };
  options?: { text?: unknown; value?: unknown }[];
}

/** The dashboard as Grafana should load it for a demo at `speed`. */
export function compressedDashboard(dashboard: GrafanaDashboard, speed: number): GrafanaDashboard {
  const d = structuredClone(dashboard) as GrafanaDashboard & { templating?: { list?: Variable[] }; uid?: string };
  const visit = (panels: GrafanaDashboard['panels']): void => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) if (t.expr) t.expr = compressGrafanaQuery(t.expr, speed).expr;
      visit(p.panels);
    }
  };
  visit(d.panels);
  for (const v of d.templating?.list ?? []) {
    if (v.type !== 'interval') continue;
    if (typeof v.query === 'string') v.query = compressedChoices(v.query, speed);
    for (const o of [v.current, ...(v.options ?? [])]) {
      if (o && typeof o.value === 'string') o.value = o.text = compressedChoices(o.value, speed);
    }
  }
  const from = /^now-(.+)$/.exec(d.time?.from ?? '');
  const range = from ? parseDuration(from[1]) : null;
  if (range !== null) d.time = { ...d.time, from: `now-${promDuration(range / speed)}` };
  const refresh = parseDuration(d.refresh ?? '');
  if (refresh !== null) d.refresh = promDuration(Math.max(1000, refresh / speed));
  d.title = `${d.title ?? 'dashboard'} (lunar-sim demo ×${speed})`;
  return d;
}

export interface GrafanaProvisioningOptions {
  prometheusUrl: string;
  /** The demo's scrape interval, real ms: Grafana's `$__rate_interval` is built on it. */
  scrapeIntervalMs: number;
  /** Folder holding the dashboard JSON. */
  dashboardsDir: string;
}

/** The two provisioning files, by their path under the provisioning folder. */
export function grafanaProvisioning(o: GrafanaProvisioningOptions): Record<string, string> {
  return {
    'datasources/lunar-sim.yml': stringify({
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus',
          uid: 'prometheus',
          type: 'prometheus',
          access: 'proxy',
          url: o.prometheusUrl,
          isDefault: true,
          jsonData: { timeInterval: promDuration(o.scrapeIntervalMs) },
        },
      ],
    }),
    'dashboards/lunar-sim.yml': stringify({
      apiVersion: 1,
      providers: [{ name: 'lunar-sim demo', folder: 'Astroia', type: 'file', options: { path: o.dashboardsDir } }],
    }),
  };
}

const READY_TIMEOUT_MS = 60_000;

/** Starts `grafana-server` provisioned for the demo; resolves with its URL once `/api/health` answers. */
export async function startGrafana(bin: string, dashboard: GrafanaDashboard, o: Omit<GrafanaProvisioningOptions, 'dashboardsDir'>, scratch: Scratch): Promise<string> {
  const home = scratch.tempDir('grafana');
  const dashboardsDir = path.join(home, 'dashboards');
  mkdirSync(dashboardsDir);
  writeFileSync(path.join(dashboardsDir, 'lunar.json'), JSON.stringify(dashboard, null, 2));
  for (const [file, text] of Object.entries(grafanaProvisioning({ ...o, dashboardsDir }))) {
    mkdirSync(path.join(home, 'provisioning', path.dirname(file)), { recursive: true });
    writeFileSync(path.join(home, 'provisioning', file), text);
  }
  const port = await freePort();
  const child = spawnChild(bin, ['--homepath', process.env.GRAFANA_HOME ?? '/usr/share/grafana'], scratch, {
    stdio: 'ignore',
    env: {
      GF_PATHS_PROVISIONING: path.join(home, 'provisioning'),
      GF_PATHS_DATA: path.join(home, 'data'),
      GF_PATHS_LOGS: path.join(home, 'logs'),
      GF_SERVER_HTTP_ADDR: '127.0.0.1',
      GF_SERVER_HTTP_PORT: String(port),
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new ChildProcessError(`grafana-server exited (code ${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return url;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ChildProcessError(`grafana-server did not become ready in ${READY_TIMEOUT_MS / 1000} s`);
}
