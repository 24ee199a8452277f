/**
 * From a structurally valid document to a Scenario: defaults filled in, phases resolved to full profiles, and the
 * checks that span several fields (phase order, ramps, probabilities that must sum to at most 1, prices for every
 * model, expectation windows). Problems are returned with their document path, all at once.
 */
import { LIST_PRICES, type PriceTable } from '../model/pricing.js';
import { applyOverride, applyProfileOverride, type Profile, type Traffic } from '../model/profile.js';
import { formatDuration } from '../core/units.js';
import { DEFAULT_PROFILE, DEFAULT_START, DEFAULT_STEP_MS } from './defaults.js';
import type { ScenarioDocument } from './schema.js';
import type { Phase, Scenario, ProfileOverride } from './scenario.js';
import type { DocPath } from './locate.js';
import { buildExpectations } from './expectations.js';

export interface PathProblem {
  path: DocPath;
  message: string;
}

export interface BuildOptions {
  /** Alert names of the rules the scenario will be judged against: `expect:` may only name these. */
  alerts?: readonly string[];
}

/** Builds the scenario; `problems` is empty when it is valid. */
export function buildScenario(doc: ScenarioDocument, source: string, options: BuildOptions = {}): { scenario: Scenario; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const prices: PriceTable = { ...LIST_PRICES, ...(doc.prices ?? {}) };
  const base = applyProfileOverride(DEFAULT_PROFILE, doc.base as ProfileOverride | undefined);
  checkProfile(base, ['base'], prices, problems);

  const phases: Phase[] = (doc.phases ?? []).map((p, i) => {
    const profile = applyProfileOverride(base, p.profile as ProfileOverride | undefined);
    checkProfile(profile, p.profile ? ['phases', i, 'profile'] : ['base'], prices, problems);
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
  checkPhases(phases, doc.duration, problems);
  const fleet = doc.fleet ? { replicas: doc.fleet.replicas, balancer: doc.fleet.balancer ?? 'round-robin' } : null;
  checkReplicaPhases(doc, phases, fleet?.replicas ?? null, problems);

  const step = doc.step ?? DEFAULT_STEP_MS;
  if (step > doc.duration) problems.push({ path: ['step'], message: `the step (${formatDuration(step)}) is longer than the duration` });

  const expect = buildExpectations(doc, options.alerts, problems);

  const scenario: Scenario = {
    name: doc.name,
    summary: doc.summary,
    seed: doc.seed,
    start: Date.parse(doc.start ?? DEFAULT_START),
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
  return { scenario, problems };
}

function checkProfile(p: Profile, at: DocPath, prices: PriceTable, problems: PathProblem[]): void {
  const c = p.claude;
  const failing = Object.values(c.errors).reduce((s, v) => s + v, 0) + c.hang.probability;
  if (failing > 1 + 1e-9) {
    problems.push({
      path: [...at, 'claude', 'errors'],
      message: `error probabilities plus hang probability add up to ${round(failing)}, more than 1`,
    });
  }
  for (const [model, weight] of Object.entries(c.models)) {
    if (weight > 0 && !prices[model]) {
      problems.push({
        path: [...at, 'claude', 'models', model],
        message: `no prices for model ${model}: add it under \`prices:\` (known: ${Object.keys(LIST_PRICES).join(', ')})`,
      });
    }
  }
  if (!(c.timeout > 0)) problems.push({ path: [...at, 'claude', 'timeout'], message: 'the client timeout must be longer than 0s' });
  if (c.tokens_per_second.median <= 0) problems.push({ path: [...at, 'claude', 'tokens_per_second'], message: 'must be greater than 0' });
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

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
