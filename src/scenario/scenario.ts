/** A scenario once parsed and checked: times in ms, profiles complete, prices merged with the list prices. */
import type { Problem } from '../errors.js';
import type { Balancer } from '../model/fleet.js';
import type { PriceTable } from '../model/pricing.js';
import type { SIMULATION_MODES } from './schema.js';
import type { Override, Profile, Traffic } from '../model/profile.js';

export interface Phase {
  name: string;
  /** Scenario time (ms after time 0) the phase starts at. */
  at: number;
  ramp: number;
  down: boolean;
  /** The full profile and traffic in force once the phase has ramped in (base + this phase's overrides). */
  profile: Profile;
  traffic: Traffic;
  /** The replica slots `profile`, `down`, `drain` and `restart` apply to; null = every replica. */
  replicas: number[] | null;
  /** Those replicas get no new requests (their work in flight completes). */
  drain: boolean;
  /** Those replicas restart when the phase begins: work in flight is lost, counters start again at 0. */
  restart: boolean;
  /** A rolling deploy of those replicas, one every `every` ms from the phase's start, in slot order. */
  rollout: { every: number } | null;
}

/** Replicas behind a load balancer; null = one process without `instance`/`pod` labels. */
export interface FleetSpec {
  replicas: number;
  balancer: Balancer;
}

export interface ExpectedAlert {
  alert: string;
  labels: Record<string, string>;
  /** Window of the first firing, in scenario time (ms); undefined = anywhere in the run. */
  after?: number;
  before?: number;
  /** Window of the last firing's resolution, scenario ms; `resolveBefore` undefined = still firing at the end. */
  resolveAfter?: number;
  resolveBefore?: number;
  /** At most this many separate firings (1 unless the scenario says otherwise). */
  maxFirings: number;
}

/** A notification on-call must receive (a `page:` or `warn:` entry of `expect:`). */
export interface ExpectedNotification {
  /** page: severity critical; warn: severity warning. */
  kind: 'page' | 'warn';
  /** The alert_group (incident class). */
  group: string;
  /** The incident's start, scenario ms, and how the file named it (a phase, or a time). */
  from: number;
  fromName: string;
  /** Deadline of the first notification after `from`, ms. */
  within: number;
  /** Recovery, scenario ms, and its name; undefined with `firingAtEnd`. */
  recovered?: number;
  recoveredName?: string;
  /** Deadline of the resolution after `recovered`, ms. */
  resolveWithin?: number;
  firingAtEnd: boolean;
  /** The receiver every such notification must reach. */
  receiver?: string;
  /** At most this many notifications per receiver. */
  max: number;
}

export interface Expectations {
  fire: ExpectedAlert[];
  /** Pages and warnings, judged through Alertmanager's notifications. */
  notify: ExpectedNotification[];
  /** Alert names or alert_groups that may fire. */
  allow: string[];
}

export interface Scenario {
  name: string;
  summary: string;
  seed: number;
  /** Wall-clock time of scenario time 0, ms since epoch. Warm-up runs before it. */
  start: number;
  warmup: number;
  duration: number;
  step: number;
  traffic: Traffic;
  base: Profile;
  phases: Phase[];
  prices: PriceTable;
  fleet: FleetSpec | null;
  /** How scenario traffic is simulated (see runtime/simulation-mode.ts). */
  simulation: (typeof SIMULATION_MODES)[number];
  /** Generations carry a user_id label over this many users (null: no such label). */
  userIdLabel: { users: number; skew: number } | null;
  expect: Expectations | null;
  /** Where it was read from: a file path or `<name>`. */
  source: string;
  /** Likely mistakes that leave it valid (a near-miss of a known error type), located; none when absent. */
  warnings?: Problem[];
}

/** Profile overrides as they appear in a document. */
export type ProfileOverride = Override<Profile>;
