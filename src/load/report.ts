/**
 * The report of a load run: a JSON document (`--json`) and the same facts as text. It states only what was used
 * and measured: connections actually opened, the peak in flight, arrivals dropped and why, requests still open at
 * the end, latency from the due time next to service time from the actual send.
 */
import { formatDuration } from '../core/units.js';
import { adviceFor } from './advice.js';
import { FAILURE_KINDS, FAILURE_WORDS, type FailureKind } from './failures.js';
import { PERCENTILES, type LatencySummary } from './latency-histogram.js';
import type { LoadRun, StopReason } from './runner.js';
import { meanRate, peakRate, plannedArrivals, scheduleDurationMs, stageArea, type Schedule } from './schedule.js';
import { LATE_SEND_MS, type DropReason, type LoadTally } from './tally.js';
import { redactUrl } from '../remote-write/redact.js';
import { checkThresholds, THRESHOLD_DEFAULTS, type ThresholdCheck } from './thresholds.js';

export interface LoadReport {
  /** The endpoint, credential-like query parameters redacted. */
  url: string;
  schedule: {
    kind: Schedule['kind'];
    arrivals: 'constant' | 'poisson';
    stages: { durationSeconds: number; fromRate: number; toRate: number }[];
    durationSeconds: number;
    meanRate: number;
    peakRate: number;
  };
  settings: { maxInFlight: number; graceSeconds: number; timeoutSeconds: number; requests: number | null; seed: number };
  stopReason: StopReason;
  elapsedSeconds: number;
  arrivals: {
    /** Arrivals the schedule holds (its expected count with Poisson arrivals), at most `requests`. */
    planned: number;
    /** Arrivals whose time came before sending stopped: sent + dropped. */
    due: number;
    sent: number;
    dropped: { total: number } & Record<DropReason, number>;
    /** Sent more than LATE_SEND_MS after their due time. */
    late: number;
  };
  /** Per second over the time the arrivals span; null with fewer than two. */
  sendRate: { target: number | null; achieved: number | null };
  firstSendMs: number | null;
  lastSendMs: number | null;
  peakInFlight: number;
  connectionsOpened: number;
  answered: number;
  statusCodes: Record<string, number>;
  sources: Record<string, number>;
  failures: { total: number } & Partial<Record<FailureKind, number>>;
  openAtStop: { total: number; finishedInGrace: number; aborted: number; longestAbortedWaitMs: number };
  /** From the due time: includes any wait before the send. */
  latencyMs: LatencySummary;
  /** From the actual send: the target's own time. */
  serviceMs: LatencySummary;
  /** From the due time to the actual send: the generator's lateness. */
  sendLagMs: LatencySummary;
  /** Due time → the generator reaching the arrival (its own CPU): what the advice on a late generator reads. */
  generatorLagMs: LatencySummary;
  /** 2xx answers within the latency objective (from the due time): the requests that did the user any good. */
  goodput: { objectiveMs: number | null; requests: number; shareOfDue: number | null; perSecond: number | null };
  /** The pass/fail criteria (thresholds.ts) and how the run measured against each. */
  checks: ThresholdCheck[];
  passed: boolean;
  advice: string[];
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

function perSecond(count: number, fromMs: number | null, toMs: number | null): number | null {
  if (count < 2 || fromMs === null || toMs === null || toMs <= fromMs) return null;
  return round((count - 1) / ((toMs - fromMs) / 1000));
}

function planned(run: LoadRun): number {
  const { schedule, arrivals, requests } = run.plan;
  const count = arrivals === 'constant' ? plannedArrivals(schedule) : Math.round(schedule.stages.reduce((s, st) => s + stageArea(st), 0));
  return Math.min(count, requests ?? Infinity);
}

function goodputOf(t: LoadTally, target: number | null): LoadReport['goodput'] {
  const share = t.due === 0 ? null : t.good / t.due;
  return {
    objectiveMs: Number.isFinite(t.objectiveMs) ? t.objectiveMs : null,
    requests: t.good,
    shareOfDue: share === null ? null : round(share, 4),
    perSecond: share === null || target === null ? null : round(share * target),
  };
}

export function buildReport(run: LoadRun): LoadReport {
  const { plan, tally: t } = run;
  const failures: LoadReport['failures'] = { total: t.failed };
  for (const kind of FAILURE_KINDS) if (t.failures[kind] > 0) failures[kind] = t.failures[kind];
  const sendRate = {
    target: perSecond(t.due, t.firstDueMs, t.lastDueMs),
    // Over the same start, to the last send: late or dropped sends lower it.
    achieved: perSecond(t.sent, t.firstDueMs, Math.max(t.lastDueMs ?? 0, t.lastSendMs ?? 0)),
  };
  const latencyMs = t.latency.summary();
  const checks = checkThresholds(
    { due: t.due, dropped: t.droppedTotal, sent: t.sent, errors: t.sent - t.succeeded - t.inFlight, sendRate, latencyMs },
    plan.thresholds ?? THRESHOLD_DEFAULTS,
  );
  const report: LoadReport = {
    url: redactUrl(plan.url),
    schedule: {
      kind: plan.schedule.kind,
      arrivals: plan.arrivals,
      stages: plan.schedule.stages.map((st) => ({ durationSeconds: st.durationMs / 1000, fromRate: st.fromRate, toRate: st.toRate })),
      durationSeconds: scheduleDurationMs(plan.schedule) / 1000,
      meanRate: round(meanRate(plan.schedule)),
      peakRate: peakRate(plan.schedule),
    },
    settings: {
      maxInFlight: plan.maxInFlight,
      graceSeconds: plan.graceMs / 1000,
      timeoutSeconds: plan.timeoutMs / 1000,
      requests: plan.requests ?? null,
      seed: plan.seed,
    },
    stopReason: run.stopReason,
    elapsedSeconds: round(run.elapsedMs / 1000),
    arrivals: { planned: planned(run), due: t.due, sent: t.sent, dropped: { total: t.droppedTotal, ...t.dropped }, late: t.lateSends },
    sendRate,
    firstSendMs: t.firstSendMs === null ? null : round(t.firstSendMs),
    lastSendMs: t.lastSendMs === null ? null : round(t.lastSendMs),
    peakInFlight: t.peakInFlight,
    connectionsOpened: t.connectionsOpened,
    answered: t.answered,
    statusCodes: { ...t.statusCodes },
    sources: Object.fromEntries(Object.entries(t.sources).sort(([a], [b]) => a.localeCompare(b))),
    failures,
    openAtStop: { total: t.openAtStop, finishedInGrace: t.finishedInGrace, aborted: t.aborted, longestAbortedWaitMs: round(t.abortedWaitedMs) },
    latencyMs,
    serviceMs: t.service.summary(),
    sendLagMs: t.sendLag.summary(),
    generatorLagMs: t.generatorLag.summary(),
    goodput: goodputOf(t, sendRate.target),
    checks,
    passed: checks.every((c) => c.ok),
    advice: [],
  };
  report.advice = adviceFor(report);
  return report;
}

const DROP_WORDS: Record<DropReason, string> = {
  generator_late: 'while the generator ran late',
  slow_answers: 'while answers were slow',
  target_down: 'while the target was down',
  errors: 'while requests failed',
};

/** "5 connections refused, 2 requests timed out". */
export function describeFailures(f: LoadReport['failures']): string {
  return FAILURE_KINDS.filter((k) => (f[k] ?? 0) > 0)
    .map((k) => `${f[k]} ${FAILURE_WORDS[k][f[k] === 1 ? 0 : 1]}`)
    .join(', ');
}

const seconds = (s: number): string => formatDuration(s * 1000);

function describeSchedule(r: LoadReport): string {
  const s = r.schedule;
  const limited = r.settings.requests !== null && r.settings.requests <= r.arrivals.planned;
  const shape = s.kind === 'constant'
    ? `${s.peakRate}/s for ${limited ? `${r.settings.requests} request${r.settings.requests === 1 ? '' : 's'}` : seconds(s.durationSeconds)}`
    : s.stages.map((st) => (st.fromRate === st.toRate ? `${st.toRate}/s for ${seconds(st.durationSeconds)}` : `${st.fromRate}→${st.toRate}/s in ${seconds(st.durationSeconds)}`)).join(', ');
  const limit = r.settings.requests === null || s.kind === 'constant' ? '' : `, at most ${r.settings.requests} requests`;
  return `${shape}${limit}; ${s.arrivals} arrivals`;
}

function describeArrivals(r: LoadReport): string {
  const a = r.arrivals;
  const due = a.due === a.planned ? '' : `${a.due} due, `;
  const reasons = (Object.keys(DROP_WORDS) as DropReason[]).filter((k) => a.dropped[k] > 0).map((k) => `${a.dropped[k]} ${DROP_WORDS[k]}`);
  const why = reasons.length ? ` (in-flight cap ${r.settings.maxInFlight} reached: ${reasons.join(', ')})` : '';
  const late = a.late ? `; ${a.late} sent more than ${LATE_SEND_MS} ms late` : '';
  return `${a.planned} planned, ${due}${a.sent} sent, ${a.dropped.total} dropped${why}${late}`;
}

function describeLatency(l: LatencySummary): string {
  if (l.count === 0) return 'no answer';
  return [...PERCENTILES, 'max' as const].map((k) => `${k} ${l[k].toFixed(1)} ms`).join('  ');
}

function describeGoodput(r: LoadReport): string {
  const g = r.goodput;
  const within = g.objectiveMs === null ? '' : ` within ${formatDuration(g.objectiveMs)}`;
  const share = g.shareOfDue === null ? '' : ` (${(g.shareOfDue * 100).toFixed(1)} %)`;
  const rate = g.perSecond === null ? '' : `: ${g.perSecond.toFixed(1)}/s`;
  return `${g.requests} of ${r.arrivals.due} arrivals${share} answered 2xx${within} of their due time${rate}`;
}

/** The report as text, one fact per line. */
export function formatReport(r: LoadReport): string {
  const rate = (x: number | null): string => (x === null ? '–' : `${x.toFixed(1)}/s`);
  const connections = r.connectionsOpened > 0 ? `; ${r.connectionsOpened} connection${r.connectionsOpened === 1 ? '' : 's'} opened` : '';
  const lines = [
    `target    ${r.url}`,
    `schedule  ${describeSchedule(r)}`,
    `arrivals  ${describeArrivals(r)}`,
    `rate      sent ${rate(r.sendRate.achieved)} (due ${rate(r.sendRate.target)}); send lag p99 ${r.sendLagMs.p99.toFixed(1)} ms, max ${r.sendLagMs.max.toFixed(1)} ms`,
    `in flight peak ${r.peakInFlight} (cap ${r.settings.maxInFlight})${connections}`,
    `latency   ${describeLatency(r.latencyMs)}  (from the due time)`,
    `service   ${describeLatency(r.serviceMs)}  (from the actual send)`,
    `status    ${Object.entries(r.statusCodes).map(([c, n]) => `${c}: ${n}`).join('  ') || 'none'}`,
  ];
  if (r.failures.total > 0) lines.push(`failures  ${describeFailures(r.failures)}`);
  const open = r.openAtStop;
  if (open.total > 0) {
    lines.push(`open      ${open.total} still in flight when sending stopped: ${open.finishedInGrace} finished within the grace period, ${open.aborted} aborted`);
  }
  const share = (n: number): string => `${((100 * n) / Math.max(1, r.answered)).toFixed(1)} %`;
  lines.push(`sources   ${Object.entries(r.sources).map(([s, n]) => `${s}: ${n} (${share(n)})`).join('  ') || 'none'}`);
  lines.push(`goodput   ${describeGoodput(r)}`);
  for (const c of r.checks) lines.push(`check     ${c.name} ${c.actual}, limit ${c.limit}: ${c.ok ? 'ok' : 'FAILED'}`);
  for (const a of r.advice) lines.push(`advice    ${a}`);
  return lines.join('\n');
}

/** One status line while sending: `12s  due 1200  sent 1200  dropped 0  in flight 50  answered 1150`. */
export function formatProgress(t: LoadTally, elapsedMs: number): string {
  return `${(elapsedMs / 1000).toFixed(0)}s  due ${t.due}  sent ${t.sent}  dropped ${t.droppedTotal}  in flight ${t.inFlight}  answered ${t.answered}  failed ${t.failed}`;
}
