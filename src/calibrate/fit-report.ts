/** The fit report calibrate prints: each parameter with its estimate and standard error, then goodness of fit. */
import type { Estimate } from './estimate.js';
import type { CalibrationFit } from './fit.js';
import type { IncidentPhase } from './incident-phases.js';

function num(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

function row(name: string, e: Estimate, digits: number, unit = ''): string {
  return `  ${name.padEnd(40)} ${(num(e.value, digits) + unit).padStart(12)}  ± ${num(e.se, digits)}`;
}

/** Observed and fitted hourly counts averaged per hour of the day (UTC, the hour each count ends in). */
function dailyCurve(f: CalibrationFit, hourly: readonly { endMs: number; count: number }[]): string[] {
  const sums = Array.from({ length: 24 }, () => ({ observed: 0, fitted: 0, n: 0 }));
  hourly.forEach((h, k) => {
    const hour = new Date(h.endMs - 1).getUTCHours();
    sums[hour].observed += h.count;
    sums[hour].fitted += f.traffic.fitted[k] ?? Number.NaN;
    sums[hour].n++;
  });
  return sums
    .map((s, hour) => (s.n === 0 ? '' : `  ${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00  ${num(s.observed / s.n, 1).padStart(10)}  ${num(s.fitted / s.n, 1).padStart(10)}`))
    .filter((l) => l !== '');
}

function bucketRows(f: CalibrationFit, bounds: readonly number[]): string[] {
  if (!f.latency) return ['  (not fitted)'];
  const l = f.latency;
  return l.observed.map((o, j) => `  le ${(j < bounds.length ? String(bounds[j]) : '+Inf').padStart(6)}  ${String(Math.round(o)).padStart(10)}  ${num(l.fitted[j], 1).padStart(10)}`);
}

/** The whole report. `hourly` and `bounds`: what the fit was made from, for the goodness-of-fit tables. */
export function formatFitReport(
  f: CalibrationFit,
  source: string,
  hourly: readonly { endMs: number; count: number }[],
  bounds: readonly number[],
  incidents: readonly IncidentPhase[] = [],
): string {
  const t = f.traffic;
  const lines = [
    `calibrate: ${source}, ${new Date(f.range.fromMs).toISOString()} → ${new Date(f.range.toMs).toISOString()}: ${Math.round(f.generations)} generations, ${Math.round(f.claudeCalls)} Claude calls${incidents.length > 0 ? ' outside the incidents' : ''}`,
    `  ${'parameter'.padEnd(40)} ${'estimate'.padStart(12)}  ± standard error`,
    row('traffic.rate (at the peak)', t.peakPerMinute, 3, '/min'),
    row('traffic.shape.peak_hour (UTC)', t.peakHour, 2),
    row('traffic.shape.night_factor', t.nightFactor, 3),
    t.weekendFactor === null
      ? `  ${'traffic.shape.weekend_factor'.padEnd(40)} ${'–'.padStart(12)}  (the window holds too little of the weekend or the weekdays: not fitted)`
      : row(`traffic.shape.weekend_factor${t.weekly ? '' : ' (not written: no weekly pattern)'}`, t.weekendFactor, 3),
    row('cache.hit_ratio', f.cacheHitRatio, 4),
    ...Object.entries(f.models).map(([m, e]) => row(`claude.models.${m}`, e, 4)),
    ...Object.entries(f.errors).map(([type, e]) => row(`claude.errors.${type} (per call)`, e, 5)),
    row('claude.hang.probability', f.hangProbability, 5),
    row('(calls cut at the timeout, per call)', f.timeoutShare, 5),
    row('templates.availability', f.templateAvailability, 4),
    row('claude.output_tokens.median', f.outputMedian, 0),
    ...(f.latency ? [row('claude.ttft.median', f.latency.ttftMedian, 3, 's'), row('claude.tokens_per_second.median', f.latency.speedMedian, 2)] : []),
    `  ${'fleet.replicas'.padEnd(40)} ${String(f.replicas).padStart(12)}  (most instances reporting at once)`,
    'daily curve (generations per hour, mean over the window; observed, fitted):',
    ...dailyCurve(f, hourly),
    `duration buckets of successful Claude calls (observed, fitted)${f.latency ? `; deviance ${num(f.latency.deviance, 1)} over ${f.latency.observed.length} buckets` : ''}:`,
    ...bucketRows(f, bounds),
    incidents.length === 0
      ? 'incidents: none found (no hour stood out from the others)'
      : `incidents: ${incidents.length}, kept out of the fit above and written as commented phases:`,
    ...incidents.map((i) => `  - ${i.summary}`),
    ...(f.notes.length ? ['notes:', ...f.notes.map((n) => `  - ${n}`)] : []),
  ];
  return lines.join('\n');
}
