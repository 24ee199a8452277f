/** Where a run lies on the wall clock: from `start − warmup` to `start + duration`, inside LIMITS' span. */
import { LIMITS } from '../limits.js';

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** Why a run of these times cannot be stored, or null when it can. */
export function runWindowProblem(start: number, warmup: number, duration: number): string | null {
  const first = start - warmup;
  const last = start + duration;
  if (first < LIMITS.earliestRunMs) {
    return `the run would begin at ${iso(first)} (start − warmup), before ${iso(LIMITS.earliestRunMs)}: Prometheus stores no earlier time`;
  }
  if (last > LIMITS.latestRunMs) {
    return `the run would end at ${iso(last)} (start + duration), after ${iso(LIMITS.latestRunMs)}, the latest time a scenario may reach`;
  }
  return null;
}
