/**
 * Advice lines for a load report, each given only when its condition holds: nothing about the in-flight cap when
 * the target is down (no cap brings a stopped server back), nothing at all for a clean run.
 */
import type { LoadReport } from './report.js';

/** The generator counts as late when its sends lag their due time by more than this at p99. */
const LATE_GENERATOR_P99_MS = 50;

const s = (n: number): string => (n === 1 ? '' : 's');

function unreachable(r: LoadReport): number {
  const f = r.failures;
  return (f.connection_refused ?? 0) + (f.connect_timeout ?? 0) + (f.unreachable ?? 0);
}

function capAdvice(r: LoadReport): string | null {
  const n = r.arrivals.dropped.slow_answers;
  if (n === 0) return null;
  const p99 = r.serviceMs.p99 / 1000;
  // Little's law: requests in flight = arrival rate × time each stays open.
  const needed = Math.ceil(r.schedule.peakRate * p99);
  const size = p99 > 0 && needed > r.settings.maxInFlight ? ` (peak rate × service p99 ≈ ${needed})` : '';
  return `${n} arrival${s(n)} found all ${r.settings.maxInFlight} in-flight slots waiting on answers: ` +
    `raise --max-in-flight${size} if the target should take this load, or lower the rate`;
}

export function adviceFor(r: LoadReport): string[] {
  const lines: (string | null)[] = [];
  const down = unreachable(r);
  if (down > 0) {
    lines.push(`${down} request${s(down)} never reached the target: is it running and listening at ${new URL(r.url).origin}?`);
  } else {
    lines.push(capAdvice(r));
  }
  const codes = Object.entries(r.statusCodes);
  if (r.answered > 0 && !codes.some(([code]) => code.startsWith('2'))) {
    lines.push(`not one answer was a success (${codes.map(([c, n]) => `${c}: ${n}`).join(', ')}): is ${r.url} the interpretation endpoint?`);
  }
  if (r.arrivals.dropped.errors > 0) lines.push(`${r.arrivals.dropped.errors} arrival${s(r.arrivals.dropped.errors)} dropped while requests were failing: see failures`);
  const timedOut = r.failures.timeout ?? 0;
  if (timedOut > 0) lines.push(`${timedOut} request${s(timedOut)} outlasted --timeout ${r.settings.timeoutSeconds}s`);
  if ((r.failures.too_many_open_files ?? 0) > 0) lines.push('the process ran out of file descriptors: raise the open-files limit (ulimit -n) or lower --max-in-flight');
  const aborted = r.openAtStop.aborted;
  if (aborted > 0 && r.stopReason !== 'interrupted') {
    lines.push(`${aborted} request${s(aborted)} still open after --grace ${r.settings.graceSeconds}s ${aborted === 1 ? 'was' : 'were'} aborted ` +
      `(the longest had waited ${(r.openAtStop.longestAbortedWaitMs / 1000).toFixed(1)} s): raise --grace to let them finish`);
  }
  const lateDrops = r.arrivals.dropped.generator_late;
  if (r.generatorLagMs.p99 > LATE_GENERATOR_P99_MS || lateDrops > 0) {
    const dropped = lateDrops > 0 ? `, ${lateDrops} arrival${s(lateDrops)} dropped meanwhile` : '';
    lines.push(`the generator itself ran late (its lag p99 ${r.generatorLagMs.p99.toFixed(0)} ms${dropped}): this machine could not keep the ` +
      'schedule (CPU); latency from the due time includes that wait');
  } else if (r.sendLagMs.p99 > LATE_GENERATOR_P99_MS) {
    lines.push(`requests waited for a connection (send lag p99 ${r.sendLagMs.p99.toFixed(0)} ms, the generator on time): the target ` +
      'answered slower than the rate needs at the connections open; latency from the due time includes that wait');
  }
  return lines.filter((l): l is string => l !== null);
}
