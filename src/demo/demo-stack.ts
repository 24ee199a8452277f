/**
 * Everything `demo` and `drill` run, on 127.0.0.1, owned by one Scratch: the live simulator (with its history, the
 * webhook inbox, the dashboard page and its Prometheus proxy), a real Alertmanager with the shipped routing and
 * inhibition (compressed, receivers pointed at the inbox), and a real Prometheus with the shipped rules (compressed)
 * that starts over the backfilled history and then scrapes the very same simulation live.
 *
 * The history is laid on the real time axis so that it ends at the instant the live clock starts, a few seconds
 * ahead of now (time enough to backfill it): Prometheus refuses scrapes older than its newest block, and the first
 * one it takes follows the last backfilled sample.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pageModel, pageScenario, type GrafanaDashboard, type PageModel, type PageModelOptions } from '../dashboard-page/page-model.js';
import { UsageError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { INSTANCE, POD, slotOfPod } from '../metrics/catalogue.js';
import { writeOpenMetricsFile, type OpenMetricsOptions } from '../metrics/openmetrics-writer.js';
import type { SampleLog } from '../metrics/sample-log.js';
import { readText } from '../monitoring/lint-files.js';
import { startAlertmanager } from '../prometheus/alertmanager.js';
import { ALERTMANAGER, PROMETHEUS, PROMTOOL, findBinary, requireBinary } from '../prometheus/binaries.js';
import { backfill, checkRules } from '../prometheus/promtool.js';
import type { Scratch } from '../prometheus/scratch.js';
import { startPrometheus } from '../prometheus/server.js';
import { startLiveSession, type LiveSession } from '../runtime/live-session.js';
import type { Scenario } from '../scenario/scenario.js';
import {
  compressAlertmanagerConfig,
  compressRules,
  prometheusConfig,
  prometheusFlags,
  SCRAPE_JOB,
  type CompressionProblem,
} from './compressed-config.js';
import { GRAFANA, compressedDashboard, startGrafana } from './grafana.js';
import { Inbox } from './inbox.js';
import { TimeAxis } from './time-axis.js';

export interface DemoStackOptions {
  scenario: Scenario;
  speed: number;
  /** Scenario time the live run starts at, ms. */
  from: number;
  /** Simulated history before `from`, backfilled, ms (0: none). */
  historyMs: number;
  seed?: number;
  rulesFile: string;
  alertmanagerFile: string;
  dashboardFile: string;
  host: string;
  port: number;
  token?: string;
  /** Host names the page and API answer besides IP addresses, localhost and `host`. */
  allowedHosts?: readonly string[];
  /** Also start grafana-server when it is installed. */
  grafana: boolean;
  onStage?: (stage: string) => void;
}

export interface DemoStack {
  session: LiveSession;
  axis: TimeAxis;
  inbox: Inbox;
  prometheusUrl: string;
  alertmanagerUrl: string;
  grafanaUrl: string | null;
  /** Rules that could not be compressed: left as written, so they judge real time. */
  problems: CompressionProblem[];
  /** Samples backfilled. */
  historySamples: number;
  /** Real ms the setup overran the history's end by: live data starts that much after it (0 normally). */
  lateMs: number;
  /** Stops the simulator (the Scratch stops the child processes and removes the temp dirs). */
  close(): Promise<void>;
}

/** The page's proxy lets anyone who reaches it query: each query's cost is bounded by Prometheus itself. */
const QUERY_LIMITS = [
  `--query.max-samples=${LIMITS.demoQuerySamples}`,
  `--query.timeout=${LIMITS.demoQueryTimeoutMs / 1000}s`,
  `--query.max-concurrency=${LIMITS.demoQueryConcurrency}`,
];

/**
 * Prometheus hands new targets to its scrape loops at most every 5 s (its discovery manager's update interval): the
 * first scrape comes up to that long after it starts.
 */
const TARGET_DISCOVERY_MS = 5000;

/**
 * Real ms to set aside for writing and backfilling the history, starting Prometheus and its first scrape, from the
 * sample count (promtool reads ~5–7 µs per sample on a 2-core machine, prometheus-facts.md), with room for a busy
 * machine.
 */
export function setupAllowanceMs(samples: number): number {
  return 1500 + samples * 0.012 + TARGET_DISCOVERY_MS;
}

/** Real time (ms) at which Prometheus lists every target it is to scrape (the simulator or its replicas); gives up at `deadline`. */
async function targetDiscovered(prometheus: string, targets: number, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    const r = await fetch(`${prometheus}/api/v1/targets?state=active`).then((x) => x.json() as Promise<{ data?: { activeTargets?: unknown[] } }>);
    if ((r.data?.activeTargets?.length ?? 0) >= targets) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return deadline;
}

function dashboardOf(file: string): GrafanaDashboard {
  try {
    return JSON.parse(readText(file)) as GrafanaDashboard;
  } catch (e) {
    if (e instanceof SyntaxError) throw new UsageError(`${file} is not JSON: ${e.message}`);
    throw e;
  }
}

function hostPort(url: string): string {
  return url.replace(/^http:\/\//, '');
}

/** `host:port` as Prometheus, on this machine, reaches a server listening there. */
function reachable(target: string): string {
  return target.replace(/^0\.0\.0\.0:|^\[::\]:/, '127.0.0.1:');
}

interface Prepared {
  bins: { prometheus: string; promtool: string; alertmanager: string };
  dashboard: GrafanaDashboard;
  alertmanagerConfig: string;
  rules: { file: string; problems: CompressionProblem[] };
  dir: string;
}

/** Reads and checks the files (before anything starts: a typo in a path costs nothing), writes the compressed rules. */
async function prepare(o: DemoStackOptions, scratch: Scratch): Promise<Prepared> {
  const rulesText = readText(o.rulesFile);
  const dashboard = dashboardOf(o.dashboardFile);
  const alertmanagerConfig = readText(o.alertmanagerFile);
  const bins = { prometheus: requireBinary(PROMETHEUS), promtool: requireBinary(PROMTOOL), alertmanager: requireBinary(ALERTMANAGER) };
  const check = await checkRules(bins.promtool, o.rulesFile);
  if (!check.ok) throw new UsageError(`${o.rulesFile} does not pass promtool check rules:\n${check.output}`);
  const dir = scratch.tempDir('demo');
  const compressed = compressRules(rulesText, o.speed, o.rulesFile);
  const file = path.join(dir, 'rules.yml');
  writeFileSync(file, compressed.yaml);
  return { bins, dashboard, alertmanagerConfig, rules: { file, problems: compressed.problems }, dir };
}

/**
 * Backfills `log` into `tsdb` on the real axis, with the labels the live scrapes will carry, so that history and live
 * are the same series: `instance` is the target scraped (for a fleet, the pod's replica slot's); returns the samples
 * stored.
 */
async function backfillHistory(log: SampleLog, axis: TimeAxis, targets: readonly string[], fleet: boolean, tsdb: string, promtool: string, scratch: Scratch): Promise<number> {
  if (log.times.length === 0) return 0;
  const file = path.join(path.dirname(tsdb), 'history.om');
  const scraped: Pick<OpenMetricsOptions, 'labels' | 'relabel'> = fleet
    ? { labels: { job: SCRAPE_JOB }, relabel: (l: Readonly<Record<string, string>>) => ({ ...l, [INSTANCE]: targets[slotOfPod(l[POD] ?? '') ?? -1] ?? l[INSTANCE] }) }
    : { labels: { job: SCRAPE_JOB, [INSTANCE]: targets[0] } };
  const expected = writeOpenMetricsFile(log, file, { timestamp: (t) => axis.toReal(t), ...scraped });
  const stored = await backfill(promtool, file, tsdb, expected, scratch);
  rmSync(file);
  return stored;
}

/** Starts the stack; the caller's Scratch stops it whatever happens. */
export async function startDemoStack(o: DemoStackOptions, scratch: Scratch): Promise<DemoStack> {
  const stage = o.onStage ?? (() => {});
  const p = await prepare(o, scratch);
  const inbox = new Inbox();
  let prometheusUrl: string | null = null;
  let alertmanagerUrl: string | null = null;
  let model: PageModel | null = null;
  let modelOptions: PageModelOptions | null = null;
  stage('history');
  const session = await startLiveSession(o.scenario, {
    host: o.host,
    port: o.port,
    token: o.token,
    allowedHosts: o.allowedHosts,
    speed: o.speed,
    seed: o.seed,
    from: o.from,
    selfDriven: true,
    // Even without history the run waits for start(at), so that Prometheus' first scrape finds time 0.
    history: { span: o.historyMs, step: o.scenario.step },
    elapsed: () => Date.now(),
    demo: { inbox, prometheusUrl: () => prometheusUrl, alertmanagerUrl: () => alertmanagerUrl, pageModel: (choices) => (choices && modelOptions ? pageModel(p.dashboard, { ...modelOptions, choices }) : model) },
  });
  try {
    const target = reachable(hostPort(session.url));
    // A fleet's replicas each serve their own /metrics (the control server's answers 404): Prometheus scrapes those.
    const fleet = session.replicaTargets.length > 0;
    const targets = fleet ? session.replicaTargets.map(reachable) : [target];
    const amFile = path.join(p.dir, 'alertmanager.yml');
    writeFileSync(amFile, compressAlertmanagerConfig(p.alertmanagerConfig, o.speed, { url: `http://${target}/api/v1/inbox/${inbox.secret}`, token: o.token }));
    stage('alertmanager');
    const am = await startAlertmanager(p.bins.alertmanager, amFile, scratch);

    stage('backfill');
    const log = session.run.history!;
    const liveAt = Date.now() + setupAllowanceMs(log.times.length * log.columns.length);
    const axis = new TimeAxis(o.scenario.start + o.from, liveAt, o.speed);
    const tsdb = path.join(p.dir, 'tsdb');
    const historySamples = await backfillHistory(log, axis, targets, fleet, tsdb, p.bins.promtool, scratch);
    stage('prometheus');
    const config = prometheusConfig({ speed: o.speed, stepMs: o.scenario.step, rulesFile: p.rules.file, targets, alertmanager: hostPort(am.url) });
    const prometheus = await startPrometheus(p.bins.prometheus, tsdb, scratch, config, [...prometheusFlags(o.speed), ...QUERY_LIMITS]);
    session.run.start(liveAt);
    // Scrapes before liveAt are refused (older than the newest block): the first one taken after it follows the
    // history's last sample, unless Prometheus found its target late.
    const lateMs = Math.max(0, (await targetDiscovered(prometheus.url, targets.length, liveAt + 2 * TARGET_DISCOVERY_MS)) - liveAt);
    prometheusUrl = prometheus.url;
    alertmanagerUrl = am.url;
    modelOptions = {
      speed: o.speed,
      scrapeMs: o.scenario.step,
      axis: { simOrigin: axis.simOrigin, realOrigin: axis.realOrigin },
      scenario: pageScenario(o.scenario),
    };
    model = pageModel(p.dashboard, modelOptions);
    const grafana = o.grafana ? findBinary(GRAFANA) : null;
    if (grafana) stage('grafana');
    const grafanaUrl = grafana
      ? await startGrafana(grafana, compressedDashboard(p.dashboard, o.speed), { prometheusUrl: prometheus.url, scrapeIntervalMs: o.scenario.step / o.speed }, scratch)
      : null;
    return {
      session,
      axis,
      inbox,
      prometheusUrl: prometheus.url,
      alertmanagerUrl: am.url,
      grafanaUrl,
      problems: p.rules.problems,
      historySamples,
      lateMs,
      close: () => session.close(),
    };
  } catch (e) {
    await session.close();
    throw e;
  }
}
