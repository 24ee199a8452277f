/**
 * `calibrate`: a scenario fitted to a server's stored metrics — read-only queries (observations.ts), fits (fit.ts),
 * the scenario document and the fit report.
 */
import { UsageError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { formatDuration } from '../core/units.js';
import type { QueryOptions } from '../prometheus/query-client.js';
import type { TimeRange } from '../backtest/time-range.js';
import { fitObservations, type CalibrationFit } from './fit.js';
import { formatFitReport } from './fit-report.js';
import { incidentPhases, type IncidentPhase } from './incident-phases.js';
import { findIncidents } from './incidents.js';
import { observe, sumOf, totalsOf } from './observations.js';
import { scenarioDocument } from './scenario-document.js';

/** Shortest window: the hourly counts need a few hours to place a curve at all. */
const MIN_WINDOW_MS = 4 * 3_600_000;

export interface Calibration {
  /** The base profile's fit: every hour but the incidents'. */
  fit: CalibrationFit;
  incidents: IncidentPhase[];
  scenarioYaml: string;
  report: string;
}

/** Reads `range` of the server at `url` and fits a scenario named `name` to it. */
export async function calibrate(url: string, range: TimeRange, name: string, options: QueryOptions = {}): Promise<Calibration> {
  const span = range.toMs - range.fromMs;
  if (span < MIN_WINDOW_MS || span > LIMITS.scenarioDurationMs) {
    throw new UsageError(`--from/--to: ${formatDuration(span)}; calibrate reads ${formatDuration(MIN_WINDOW_MS)} to ${formatDuration(LIMITS.scenarioDurationMs)} (a scenario's longest duration)`);
  }
  const o = await observe(url, range, options);
  const generations = o.hours.reduce((a, h) => a + sumOf(h.bySource), 0);
  if (!(generations > 0)) throw new UsageError(`no lunar_interpretation_generated_total in ${url} between ${new Date(range.fromMs).toISOString()} and ${new Date(range.toMs).toISOString()}: nothing to calibrate on`);
  const search = findIncidents(o.hours);
  const base = totalsOf(o, search.isBase);
  const fit = fitObservations(range, base);
  const incidents = incidentPhases(o, search.incidents, fit, range);
  const bounds = base.claudeBuckets.filter((b) => Number.isFinite(b.le)).map((b) => b.le);
  return { fit, incidents, scenarioYaml: scenarioDocument(fit, name, url, incidents), report: formatFitReport(fit, url, base.hourly, bounds, incidents) };
}
