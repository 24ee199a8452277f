/**
 * `demo --loop`: a kiosk scenario for a wall screen or a booth — incidents of the library, drawn with a seeded random
 * source, one after another, each after a healthy stretch. Built as one scenario (its phases the incidents' own,
 * shifted), so the demo runs it like any other: the page marks every phase, the alerts fire and resolve as they
 * would in the incident's own scenario. I/O-free: the caller loads the library.
 *
 * Only incidents that can be laid on the base's traffic and profile are drawn: same traffic law, same base profile,
 * same prices, no fleet (a replica phase needs the fleet it names). Their phases carry the full profile in force
 * (base + overrides), so copied onto the same base they mean what they meant.
 */
import { RandomSource } from '../core/random.js';
import { LIMITS } from '../limits.js';
import type { Phase, Scenario } from '../scenario/scenario.js';

const MINUTE = 60_000;
/** A healthy stretch between two incidents: 45 to 90 minutes of scenario time, drawn. */
const HEALTHY_MS: [number, number] = [45 * MINUTE, 90 * MINUTE];
/** What follows an incident's last phase in its own scenario, at the least: its recovery, seen on the page. */
const AFTER_MS = 45 * MINUTE;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether `s` is an incident that can be laid on `base`: it expects a notification and shares the base's world. */
export function loopable(s: Scenario, base: Scenario): boolean {
  return (
    (s.expect?.notify.length ?? 0) > 0 &&
    s.phases.length > 0 &&
    s.fleet === null &&
    base.fleet === null &&
    s.userIdLabel === null &&
    same(s.traffic, base.traffic) &&
    same(s.base, base.base) &&
    same(s.prices, base.prices)
  );
}

/** How long an incident's own scenario runs from its first phase: its phases, and the time after the last. */
function span(s: Scenario): number {
  const first = s.phases[0].at;
  return Math.max(s.duration - first, s.phases[s.phases.length - 1].at - first + AFTER_MS);
}

export interface LoopScenario {
  scenario: Scenario;
  /** The incidents drawn, in order, with the scenario time each starts at. */
  incidents: { name: string; at: number }[];
}

/**
 * The loop: `base` (its traffic, profile, warm-up and start) for `durationMs` (at most a scenario's longest), with
 * incidents drawn from `candidates` (those `loopable` on it) by `seed`, never the same one twice in a row.
 * Throws when no candidate fits: the caller says so.
 */
export function loopScenario(base: Scenario, candidates: readonly Scenario[], seed: number, durationMs = LIMITS.scenarioDurationMs): LoopScenario {
  const pool = candidates.filter((s) => loopable(s, base));
  if (pool.length === 0) throw new Error(`no incident of the library can be laid on ${base.name}`);
  const random = new RandomSource(seed).stream('demo-loop');
  const duration = Math.min(durationMs, LIMITS.scenarioDurationMs);
  const phases: Phase[] = [];
  const incidents: { name: string; at: number }[] = [];
  let t = 0;
  let last = '';
  for (;;) {
    t += HEALTHY_MS[0] + Math.floor(random.next() * (HEALTHY_MS[1] - HEALTHY_MS[0]));
    const choices = pool.length > 1 ? pool.filter((s) => s.name !== last) : pool;
    const s = choices[random.int(choices.length)];
    if (t + span(s) > duration || phases.length + s.phases.length + 1 > LIMITS.phases) break;
    const first = s.phases[0].at;
    incidents.push({ name: s.name, at: t });
    for (const p of s.phases) phases.push({ ...p, name: `${s.name}-${p.name}`, at: t + p.at - first });
    t += span(s);
    // Back to the base: the incident's own last phase may be a recovery, or may not (an incident to its end).
    phases.push({ ...healthyPhase(base), name: `healthy-after-${s.name}`, at: t });
    last = s.name;
  }
  const scenario: Scenario = {
    ...base,
    name: `loop-${seed}`,
    summary: `Incidents of the library one after another (seed ${seed}): ${incidents.map((i) => i.name).join(', ')}; each after a healthy stretch.`,
    seed,
    duration: Math.max(t, Math.min(duration, t + HEALTHY_MS[0])),
    phases,
    expect: null,
  };
  return { scenario, incidents };
}

/** A phase that puts the base back in force. */
function healthyPhase(base: Scenario): Phase {
  return { name: 'healthy', at: 0, ramp: 0, down: false, profile: base.base, traffic: base.traffic, replicas: null, drain: false, restart: false, rollout: null };
}
