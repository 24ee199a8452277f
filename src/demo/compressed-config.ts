/**
 * The Prometheus and Alertmanager configuration of a demo or drill at `speed` N: the shipped rules with every
 * expression compressed (src/promql/compress.ts) and every `for`, `keep_firing_for` and group interval ÷ N, and an
 * Alertmanager whose timings (group_wait, group_interval, repeat_interval) are ÷ N too, with its receivers pointed at
 * the built-in inbox. Routing and inhibition stay exactly as written. Pure text in, text out.
 */
import { parse, stringify } from 'yaml';
import { parseDuration } from '../core/units.js';
import { UsageError } from '../errors.js';
import { compressExpression } from '../promql/compress.js';
import { promDuration } from '../promql/durations.js';

/**
 * Speeds a demo or drill accepts. Below 1 the rules would be stretched, not compressed; above 600 the scrape interval
 * (15 s ÷ speed) falls under 25 ms and the simulator's answer time becomes a visible share of it.
 */
export const SPEED_RANGE = { min: 1, max: 600 } as const;

/** Prometheus' defaults, in simulated time: they are compressed like everything else. */
export const PROMETHEUS_DEFAULTS = { evaluationIntervalMs: 60_000, lookbackDeltaMs: 5 * 60_000, resendDelayMs: 60_000 };
/** Alertmanager's route defaults and its resolve_timeout. */
const ALERTMANAGER_DEFAULTS: Record<string, number> = {
  group_wait: 30_000,
  group_interval: 5 * 60_000,
  repeat_interval: 4 * 3_600_000,
};
/** Resends faster than this do not make notifications arrive sooner (prometheus-facts.md: 1 s suffices). */
const MAX_RESEND_DELAY_MS = 1000;

/** A rule that cannot be compressed, and why. */
export interface CompressionProblem {
  rule: string;
  message: string;
}

function compressedDuration(text: unknown, speed: number, where: string): string {
  const ms = parseDuration(String(text));
  if (ms === null) throw new UsageError(`${where}: "${String(text)}" is not a duration`);
  return ms === 0 ? '0s' : promDuration(ms / speed);
}

interface RawRule {
  alert?: string;
  record?: string;
  expr?: unknown;
  for?: unknown;
  keep_firing_for?: unknown;
  [key: string]: unknown;
}

/** A rules file compressed for `speed`; `problems` lists the rules that cannot be (each left as written). */
export function compressRules(text: string, speed: number, source = 'rules'): { yaml: string; problems: CompressionProblem[] } {
  const doc = (parse(text) ?? {}) as { groups?: { name: string; interval?: unknown; rules?: RawRule[] }[] };
  const problems: CompressionProblem[] = [];
  for (const g of doc.groups ?? []) {
    g.interval = compressedDuration(g.interval ?? promDuration(PROMETHEUS_DEFAULTS.evaluationIntervalMs), speed, `${source}: group ${g.name}`);
    for (const r of g.rules ?? []) {
      const name = r.alert ?? r.record ?? '?';
      const c = compressExpression(String(r.expr ?? ''), speed);
      r.expr = c.expr;
      problems.push(...c.problems.map((message) => ({ rule: name, message })));
      for (const key of ['for', 'keep_firing_for'] as const) {
        if (r[key] !== undefined) r[key] = compressedDuration(r[key], speed, `${source}: ${name}.${key}`);
      }
    }
  }
  return { yaml: `# Compressed ×${speed} by lunar-sim from ${source}\n${stringify(doc, { lineWidth: 0 })}`, problems };
}

/** Command-line flags that belong with a compressed configuration. */
export function prometheusFlags(speed: number): string[] {
  return [
    `--query.lookback-delta=${promDuration(PROMETHEUS_DEFAULTS.lookbackDeltaMs / speed)}`,
    `--rules.alert.resend-delay=${promDuration(Math.min(MAX_RESEND_DELAY_MS, PROMETHEUS_DEFAULTS.resendDelayMs / speed))}`,
  ];
}

export interface PrometheusConfigOptions {
  speed: number;
  /** Simulated sample step of the scenario: the scrape interval before compression. */
  stepMs: number;
  rulesFile: string;
  /** host:port of each /metrics to scrape (the simulator's, or each replica's of a fleet), and of Alertmanager. */
  targets: readonly string[];
  alertmanager: string;
}

/** prometheus.yml for a compressed run: scrape and evaluation intervals ÷ speed. */
export function prometheusConfig(o: PrometheusConfigOptions): string {
  const scrape = promDuration(o.stepMs / o.speed);
  return stringify({
    global: { scrape_interval: scrape, scrape_timeout: scrape, evaluation_interval: promDuration(PROMETHEUS_DEFAULTS.evaluationIntervalMs / o.speed) },
    rule_files: [o.rulesFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [o.alertmanager] }] }] },
    scrape_configs: [{ job_name: SCRAPE_JOB, static_configs: [{ targets: [...o.targets] }] }],
  });
}

/** The job name of the simulator's scrape: backfilled history carries it too, so both are one series. */
export const SCRAPE_JOB = 'lunar-sim';

interface RawRoute {
  routes?: RawRoute[];
  [key: string]: unknown;
}

function compressRoute(route: RawRoute, speed: number, root: boolean): void {
  for (const [key, fallback] of Object.entries(ALERTMANAGER_DEFAULTS)) {
    const value = route[key] ?? (root ? promDuration(fallback) : undefined);
    if (value !== undefined) route[key] = compressedDuration(value, speed, `alertmanager route ${key}`);
  }
  for (const child of route.routes ?? []) compressRoute(child, speed, false);
}

/**
 * Real ms from an alert firing to its notification at the latest: the slowest route's group_wait plus group_interval
 * (a change to a group waits for the next interval), compressed.
 */
export function notificationDelayMs(text: string, speed: number): number {
  const doc = (parse(text) ?? {}) as { route?: RawRoute };
  let worst = 0;
  const walk = (route: RawRoute, inherited: Record<string, number>): void => {
    const own = { ...inherited };
    for (const key of Object.keys(ALERTMANAGER_DEFAULTS)) {
      const ms = route[key] === undefined ? null : parseDuration(String(route[key]));
      if (ms !== null) own[key] = ms;
    }
    worst = Math.max(worst, own.group_wait + own.group_interval);
    for (const child of route.routes ?? []) walk(child, own);
  };
  if (doc.route) walk(doc.route, ALERTMANAGER_DEFAULTS);
  return worst / speed;
}

export interface InboxTarget {
  /** Base URL of the inbox; each receiver posts to `<url>/<receiver>`. */
  url: string;
  /** Bearer token the inbox needs, when the simulator has one. */
  token?: string;
}

/**
 * An Alertmanager configuration compressed for `speed`, every receiver replaced by a webhook to the inbox (the
 * receiver's name as the path), routes and inhibition as written.
 */
export function compressAlertmanagerConfig(text: string, speed: number, inbox: InboxTarget): string {
  const doc = (parse(text) ?? {}) as { route?: RawRoute; receivers?: { name: string }[]; global?: Record<string, unknown>; templates?: unknown };
  if (!doc.route) throw new UsageError('the Alertmanager configuration has no route');
  compressRoute(doc.route, speed, true);
  const resolveTimeout = doc.global?.resolve_timeout;
  // Receiver settings (SMTP, Slack URLs, templates) concern the replaced receivers only.
  doc.global = resolveTimeout === undefined ? {} : { resolve_timeout: compressedDuration(resolveTimeout, speed, 'alertmanager resolve_timeout') };
  delete doc.templates;
  const http = inbox.token ? { http_config: { authorization: { credentials: inbox.token } } } : {};
  doc.receivers = (doc.receivers ?? []).map((r) => ({
    name: r.name,
    webhook_configs: [{ url: `${inbox.url}/${encodeURIComponent(r.name)}`, send_resolved: true, ...http }],
  }));
  return `# Compressed ×${speed} by lunar-sim; receivers point at the built-in inbox\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
