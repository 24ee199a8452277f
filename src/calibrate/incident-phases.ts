/**
 * The incidents found in a calibration window as scenario phases: each incident's own profile (what stood out,
 * fitted over its hours as the base is over the others) starting at its first hour, and a phase back to the base
 * at its end. calibrate writes them commented out: the fitted scenario is the base, and a team replays an
 * incident by uncommenting it.
 */
import { LIMITS } from '../limits.js';
import type { TimeRange } from '../backtest/time-range.js';
import { fitObservations, type CalibrationFit } from './fit.js';
import { SIGNALS, TRAFFIC_SIGNAL, type Incident } from './incidents.js';
import { totalsOf, type HourlyObservations } from './observations.js';

const HOUR_MS = 3_600_000;
const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const [FAILING, SLOW, HUNG, CACHE, HARDCODED] = SIGNALS.map((s) => s.name);

export interface IncidentPhase {
  /** The phases: the incident's, then back to the base. */
  phases: Record<string, unknown>[];
  /** One line on what stood out. */
  summary: string;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

/** One line on an incident: its times and each signal, observed against the base. */
function describeIncident(i: Incident): string {
  const signals = i.signals.map((s) => (s.name === TRAFFIC_SIGNAL ? `generations at ${pct(s.observed)} of the day/night law` : `${s.name} ${pct(s.observed)} (base ${pct(s.base)})`));
  return `${new Date(i.fromMs).toISOString()} → ${new Date(i.toMs).toISOString()}: ${signals.join('; ')}`;
}

/** The profile fields an incident's own fit sets, for the signals that stood out. */
function incidentProfile(i: Incident, f: CalibrationFit): Record<string, unknown> {
  const names = new Set(i.signals.map((s) => s.name));
  const claude: Record<string, unknown> = {};
  if (names.has(FAILING)) claude.errors = Object.fromEntries(Object.entries(f.errors).map(([t, e]) => [t, round(e.value, 4)]));
  if (names.has(HUNG) && f.hangProbability.value > 0) claude.hang = { probability: round(f.hangProbability.value, 4) };
  if (names.has(SLOW) && f.latency) {
    claude.ttft = { median: `${Math.max(1, Math.round(f.latency.ttftMedian.value * 1000))}ms` };
    claude.tokens_per_second = { median: round(f.latency.speedMedian.value, 2) };
  }
  const profile: Record<string, unknown> = {};
  if (Object.keys(claude).length > 0) profile.claude = claude;
  if (names.has(CACHE) && Number.isFinite(f.cacheHitRatio.value)) profile.cache = { hit_ratio: round(f.cacheHitRatio.value, 4) };
  if (names.has(HARDCODED) && Number.isFinite(f.templateAvailability.value)) profile.templates = { availability: round(f.templateAvailability.value, 4) };
  return profile;
}

/** The phases of each incident, named incident-1, after-incident-1, … */
export function incidentPhases(o: HourlyObservations, incidents: readonly Incident[], base: CalibrationFit, range: TimeRange): IncidentPhase[] {
  return incidents.slice(0, LIMITS.phases / 2).map((i, k) => {
    const inside = (h: { endMs: number }): boolean => h.endMs > i.fromMs && h.endMs <= i.toMs;
    const own = fitObservations({ fromMs: i.fromMs, toMs: i.toMs }, totalsOf(o, inside));
    const phase: Record<string, unknown> = { name: `incident-${k + 1}`, at: `${(i.fromMs - range.fromMs) / HOUR_MS}h` };
    const traffic = i.signals.find((s) => s.name === TRAFFIC_SIGNAL);
    if (traffic && Number.isFinite(base.traffic.peakPerMinute.value)) phase.traffic = { rate: `${round(base.traffic.peakPerMinute.value * traffic.observed, 3)}/min` };
    const profile = incidentProfile(i, own);
    if (Object.keys(profile).length > 0) phase.profile = profile;
    const phases = [phase];
    if (i.toMs < range.toMs) phases.push({ name: `after-incident-${k + 1}`, at: `${(i.toMs - range.fromMs) / HOUR_MS}h` });
    return { phases, summary: describeIncident(i) };
  });
}
