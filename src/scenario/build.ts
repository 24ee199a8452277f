/**
 * From a structurally valid document to a Scenario: defaults filled in, phases resolved to full profiles, and the
 * checks that span several fields (phase order, ramps, the profile checks of profile-checks.ts, expectation
 * windows). Problems are returned with their document path, all at once.
 *
 * It also runs on what parsed of an invalid document (salvage.ts), where a broken `duration` is Infinity: every
 * check against the duration is then vacuous instead of wrong.
 */
import { LIST_PRICES, priceTable, type PriceTable } from '../model/pricing.js';
import { applyOverride, applyProfileOverride, type Profile, type Traffic } from '../model/profile.js';
import { nearestName } from '../core/spelling.js';
import { formatDuration } from '../core/units.js';
import { DEFAULT_PROFILE, DEFAULT_START, DEFAULT_STEP_MS } from './defaults.js';
import type { ScenarioDocument } from './schema.js';
import type { Phase, Scenario, ProfileOverride } from './scenario.js';
import type { DocPath, PathProblem } from './locate.js';
import { buildExpectations, type RuleNames } from './expectations.js';
import { checkLabelValues, checkProfile, peakRate } from './profile-checks.js';
import { runWindowProblem } from './run-window.js';

export type { PathProblem } from './locate.js';

export interface BuildOptions {
  /**
   * Alert names and alert_groups of the rules the scenario will be judged against: `expect:` may only name these. A
   * function is called only when `expect:` names one (validate then reads no rules for a scenario that names none).
   */
  rules?: RuleNames | (() => RuleNames);
}

/** Error types the simulated API draws by default: a new type close to one of them is most likely a typo. */
const KNOWN_ERROR_TYPES = Object.keys(DEFAULT_PROFILE.claude.errors);

/** A warning for each error type that is not a known one but nearly is (`api_eror`). */
function errorTypeWarnings(doc: ScenarioDocument): PathProblem[] {
  const profiles: { errors?: Record<string, number>; at: DocPath }[] = [{ errors: doc.base?.claude?.errors, at: ['base', 'claude', 'errors'] }];
  doc.phases?.forEach((p, i) => profiles.push({ errors: p.profile?.claude?.errors, at: ['phases', i, 'profile', 'claude', 'errors'] }));
  const warnings: PathProblem[] = [];
  for (const { errors, at } of profiles) {
    for (const type of Object.keys(errors ?? {})) {
      const nearest = KNOWN_ERROR_TYPES.includes(type) ? undefined : nearestName(type, KNOWN_ERROR_TYPES);
      if (!nearest) continue;
      warnings.push({
        path: [...at, type],
        message: `${type} is not an error type the simulated API knows (${KNOWN_ERROR_TYPES.join(', ')}): a new one is fine, but did you mean ${nearest}?`,
      });
    }
  }
  return warnings;
}

/** Builds the scenario; `problems` is empty when it is valid; `warnings` are likely mistakes that leave it valid. */
export function buildScenario(
  doc: ScenarioDocument,
  source: string,
  options: BuildOptions = {},
): { scenario: Scenario; problems: PathProblem[]; warnings: PathProblem[] } {
  const problems: PathProblem[] = [];
  const prices: PriceTable = priceTable(LIST_PRICES, doc.prices);
  const base = applyProfileOverride(DEFAULT_PROFILE, doc.base as ProfileOverride | undefined);
  const phases: Phase[] = (doc.phases ?? []).map((p) => {
    const profile = applyProfileOverride(base, p.profile as ProfileOverride | undefined);
    const traffic: Traffic = applyOverride(doc.traffic, p.traffic);
    return {
      name: p.name,
      at: p.at,
      ramp: p.ramp ?? 0,
      down: p.down ?? false,
      profile,
      traffic,
      replicas: p.replicas ? [...new Set(p.replicas)].sort((a, b) => a - b) : null,
      drain: p.drain ?? false,
      restart: p.restart ?? false,
      rollout: p.rollout ?? null,
    };
  });
  const context = { prices, peakRate: peakRate(doc.traffic, phases) };
  // A phase without a profile of its own has the base profile: checked once, at `base`.
  const profiles: { profile: Profile; at: DocPath }[] = [{ profile: base, at: ['base'] }];
  phases.forEach((p, i) => {
    if (doc.phases?.[i].profile) profiles.push({ profile: p.profile, at: ['phases', i, 'profile'] });
  });
  for (const { profile, at } of profiles) checkProfile(profile, at, context, problems);
  checkLabelValues({ models: new Set(), errorTypes: new Set() }, profiles, problems);
  checkPhases(phases, doc.duration, problems);
  const fleet = doc.fleet ? { replicas: doc.fleet.replicas, balancer: doc.fleet.balancer ?? 'round-robin' } : null;
  checkReplicaPhases(doc, phases, fleet?.replicas ?? null, problems);

  const step = doc.step ?? DEFAULT_STEP_MS;
  if (step > doc.duration) problems.push({ path: ['step'], message: `the step (${formatDuration(step)}) is longer than the duration` });

  const start = Date.parse(doc.start ?? DEFAULT_START);
  // A broken duration or warm-up is Infinity here (salvage.ts): the window is then checked only when it is known.
  const window = Number.isFinite(doc.duration) && Number.isFinite(doc.warmup ?? 0) ? runWindowProblem(start, doc.warmup ?? 0, doc.duration) : null;
  if (window) problems.push({ path: ['start'], message: window });

  const expect = buildExpectations(doc, options.rules, problems);

  const scenario: Scenario = {
    name: doc.name,
    summary: doc.summary,
    seed: doc.seed,
    start,
    warmup: doc.warmup ?? 0,
    duration: doc.duration,
    step,
    traffic: doc.traffic,
    base,
    phases,
    prices,
    fleet,
    simulation: doc.simulation ?? 'auto',
    userIdLabel: doc.user_id_label ? { users: doc.user_id_label.users, skew: doc.user_id_label.skew ?? 1 } : null,
    expect,
    source,
  };
  return { scenario, problems, warnings: errorTypeWarnings(doc) };
}

function checkPhases(phases: Phase[], duration: number, problems: PathProblem[]): void {
  const names = new Set<string>();
  phases.forEach((p, i) => {
    if (names.has(p.name)) problems.push({ path: ['phases', i, 'name'], message: `phase name "${p.name}" is used twice` });
    names.add(p.name);
    if (p.at > duration) {
      problems.push({ path: ['phases', i, 'at'], message: `starts at ${formatDuration(p.at)}, after the scenario ends (${formatDuration(duration)})` });
    }
    const prev = phases[i - 1];
    if (prev && p.at <= prev.at) {
      problems.push({ path: ['phases', i, 'at'], message: `phases must be in time order: ${formatDuration(p.at)} is not after ${formatDuration(prev.at)}` });
    }
    const next = phases[i + 1];
    if (next && p.at + p.ramp > next.at) {
      problems.push({ path: ['phases', i, 'ramp'], message: `the ramp ends after the next phase (${next.name}) starts` });
    }
  });
}

/** Replica-scoped phases: a fleet to scope them in, slots that exist, and a rolling deploy that fits in the run. */
function checkReplicaPhases(doc: ScenarioDocument, phases: Phase[], replicas: number | null, problems: PathProblem[]): void {
  doc.phases?.forEach((raw, i) => {
    const p = phases[i];
    const at = (key: string): DocPath => ['phases', i, key];
    if (replicas === null) {
      for (const key of ['replicas', 'drain', 'rollout'] as const) {
        if (raw[key] !== undefined) problems.push({ path: at(key), message: `\`${key}\` needs a fleet: add \`fleet: { replicas: N }\`` });
      }
      return;
    }
    const outside = (p.replicas ?? []).filter((r) => r >= replicas);
    if (outside.length) problems.push({ path: at('replicas'), message: `no replica ${outside.join(', ')}: slots are 0 to ${replicas - 1}` });
    if (raw.replicas && raw.traffic) {
      problems.push({ path: at('traffic'), message: 'traffic is the whole fleet\'s: a phase scoped to replicas cannot change it' });
    }
    if (p.rollout) {
      if (p.down) problems.push({ path: at('rollout'), message: 'a rolling deploy needs replicas that are up: drop `down`' });
      if (!(p.rollout.every > 0)) problems.push({ path: at('rollout'), message: '`every` must be longer than 0s' });
      const count = (p.replicas ?? Array.from({ length: replicas }, (_, r) => r)).length;
      const end = p.at + p.rollout.every * (count - 1);
      if (end > doc.duration) {
        problems.push({ path: at('rollout'), message: `the rolling deploy ends at ${formatDuration(end)}, after the scenario (${formatDuration(doc.duration)})` });
      }
    }
  });
}
