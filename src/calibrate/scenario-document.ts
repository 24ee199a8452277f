/**
 * The fitted parameters as a scenario file: `start` at the window's start and no warm-up, so that `lunar-sim push`
 * without `--start-at` lays the fitted scenario on the very times it was fitted to; the window's length as its
 * duration. Parameters the data could not tell are left out (the defaults apply).
 */
import { stringify } from 'yaml';
import { LIMITS } from '../limits.js';
import type { CalibrationFit } from './fit.js';
import type { IncidentPhase } from './incident-phases.js';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const seconds = (s: number): string => `${Math.max(1, Math.round(s * 1000))}ms`;

function cleanDuration(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 1000)}s`;
}

/** The profile fields the fit determined. */
function base(f: CalibrationFit): Record<string, unknown> {
  const claude: Record<string, unknown> = {};
  if (Object.keys(f.models).length > 0) claude.models = Object.fromEntries(Object.entries(f.models).map(([m, e]) => [m, round(e.value, 4)]));
  claude.errors = Object.fromEntries(Object.entries(f.errors).map(([t, e]) => [t, round(e.value, 5)]));
  if (f.hangProbability.value > 0) claude.hang = { probability: round(f.hangProbability.value, 5) };
  if (f.latency) {
    claude.ttft = { median: seconds(f.latency.ttftMedian.value) };
    claude.tokens_per_second = { median: round(f.latency.speedMedian.value, 2) };
    claude.output_tokens = { median: Math.max(1, Math.round(f.outputMedian.value)) };
  }
  const out: Record<string, unknown> = { claude };
  if (Number.isFinite(f.cacheHitRatio.value)) out.cache = { hit_ratio: round(f.cacheHitRatio.value, 4) };
  if (Number.isFinite(f.templateAvailability.value)) out.templates = { availability: round(f.templateAvailability.value, 4) };
  return out;
}

/** The incidents as commented phases: the base replays the window without them; uncommented, they replay it all. */
function commentedPhases(incidents: readonly IncidentPhase[]): string {
  if (incidents.length === 0) return '';
  const lines = [
    `# ${incidents.length} incident(s) found in the window and kept out of the base profile above; uncomment to replay them:`,
    ...incidents.map((i) => `#   ${i.summary}`),
    '# phases:',
    ...incidents.flatMap((i) => i.phases).map((p) => `#   - ${stringify(p, { lineWidth: 0, collectionStyle: 'flow' }).trim()}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The weekly factor when the data have one, within the scenario's bounds. */
function weekly(t: CalibrationFit['traffic']): { weekend_factor?: number } {
  return t.weekly && t.weekendFactor ? { weekend_factor: round(Math.min(LIMITS.weekendFactor, Math.max(0, t.weekendFactor.value)), 3) } : {};
}

/** The scenario YAML for `fit`, named `name`, drawn from `source` (shown in its summary), its incidents commented. */
export function scenarioDocument(f: CalibrationFit, name: string, source: string, incidents: readonly IncidentPhase[] = []): string {
  const t = f.traffic;
  const night = Math.min(1, Math.max(0, t.nightFactor.value));
  const doc: Record<string, unknown> = {
    name,
    summary: `Fitted by lunar-sim calibrate to ${source} from ${new Date(f.range.fromMs).toISOString()} to ${new Date(f.range.toMs).toISOString()} (${Math.round(f.generations)} generations).`,
    seed: 1,
    start: new Date(f.range.fromMs).toISOString(),
    warmup: '0s',
    duration: cleanDuration(f.range.toMs - f.range.fromMs),
    traffic: Number.isFinite(t.peakPerMinute.value)
      ? { rate: `${round(Math.max(0, t.peakPerMinute.value), 3)}/min`, shape: { peak_hour: round(t.peakHour.value, 2), night_factor: round(night, 3), ...weekly(t) } }
      : { rate: `${round(f.generations / ((f.range.toMs - f.range.fromMs) / 60_000), 3)}/min` },
    ...(f.replicas > 1 ? { fleet: { replicas: f.replicas } } : {}),
    base: base(f),
  };
  return `# Written by lunar-sim calibrate. Every value is an estimate: see the fit report printed with it.\n${stringify(doc, { lineWidth: 120 })}${commentedPhases(incidents)}`;
}
