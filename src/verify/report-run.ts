/**
 * Runs what the noise and detection report needs: the incident scenarios (those that expect a page or a warning)
 * under every seed, and long healthy runs — the healthy days of the library (a steady profile, nothing expected),
 * stretched to `healthyDays` in runs of at most 30 days, each seeded apart — with Alertmanager asked what every run
 * notifies, expected or not.
 */
import { virtualRunProblems } from '../runtime/run-budget.js';
import type { Scenario } from '../scenario/scenario.js';
import { detectionRows, formatReport, healthyRows, type ReportedRun } from './noise-report.js';
import { seededVariants } from './seed-sweep.js';
import { verifyScenarios, type PreparedRules, type VerifyRunOptions } from './verify-run.js';

const DAY = 86_400_000;
/** The longest run the report tries (the scenario bound), then shorter ones for runs past the sample budget. */
const RUN_DAYS = [30, 15, 10, 7, 5, 3, 2, 1];

/** A healthy day of the library: no phase, nothing expected but silence (some classes may be allowed). */
export function isHealthyDay(s: Scenario): boolean {
  return s.phases.length === 0 && s.expect !== null && s.expect.fire.length === 0 && s.expect.notify.length === 0;
}

/** An incident scenario: it expects a page or a warning. */
export function isIncident(s: Scenario): boolean {
  return (s.expect?.notify.length ?? 0) > 0;
}

/** `s` stretched to `days` of healthy traffic in seeded runs the run budget accepts (the warm-up kept). */
export function healthyRuns(s: Scenario, days: number): Scenario[] {
  const perRun = RUN_DAYS.find((d) => d <= days && virtualRunProblems({ ...s, duration: d * DAY }).length === 0) ?? 1;
  const runs = Math.ceil(days / perRun);
  return Array.from({ length: runs }, (_, i) => ({ ...s, duration: Math.min(perRun, days - i * perRun) * DAY, seed: s.seed + i }));
}

export interface ReportOptions {
  seeds: readonly number[];
  healthyDays: number;
  onProgress?: VerifyRunOptions['onStage'];
}

/** Verifies what the report needs and returns it as markdown (docs/runbooks.md's section). */
export async function noiseAndDetectionReport(scenarios: readonly Scenario[], prepared: PreparedRules, o: ReportOptions): Promise<string> {
  const keep = (r: ReportedRun): ReportedRun => ({ scenario: r.scenario, verdicts: r.verdicts, notifications: r.notifications });
  const incidents = await verifyScenarios(seededVariants(scenarios.filter(isIncident), o.seeds), prepared, { onStage: o.onProgress }, keep);
  const healthy = await verifyScenarios(
    scenarios.filter(isHealthyDay).flatMap((s) => healthyRuns(s, o.healthyDays)),
    prepared,
    { onStage: o.onProgress, notifications: true },
    keep,
  );
  const how = `Measured by \`lunar-sim verify --report --seeds ${o.seeds[0]}..${o.seeds[o.seeds.length - 1]} --healthy-days ${o.healthyDays}\` `
    + `(${o.seeds.length} seeds of every incident scenario; ${o.healthyDays} healthy days at each level, in runs of up to 30 days).`;
  return formatReport(detectionRows(incidents), healthyRows(healthy), how);
}
