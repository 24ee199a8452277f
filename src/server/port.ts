/**
 * What the HTTP server needs from a running simulation. The server depends on this interface only; the live
 * runtime implements it, and tests can drive the server through `inject()` with a real one.
 */
import type { Generation } from '../model/generation.js';
import type { Profile } from '../model/profile.js';
import type { ExpositionFormat } from '../metrics/exposition.js';

export interface LiveStatus {
  scenario: string;
  phase: string;
  /** Simulated wall-clock time the simulation has reached, ISO 8601, and that in scenario seconds since time 0. */
  simulatedTime: string;
  scenarioSeconds: number;
  /** Where real time says the simulation should be (start + elapsed × speed), ISO 8601. */
  clockTime: string;
  /** Simulated seconds the simulation is behind `clockTime` (0 when it keeps up). */
  lagSeconds: number;
  /** False when the simulation cannot keep up with rate × speed: the lag grows. */
  keepingUp: boolean;
  simulation: 'per-generation' | 'aggregate';
  speed: number;
  traffic: 'scenario+external' | 'external';
  activeGenerations: number;
  totals: { generations: number; bySource: Record<string, number>; fallbacks: number; costUsd: number };
  profileOverride: boolean;
}

export interface SimulatorPort {
  /** The run's seed: generated texts derive from it. */
  readonly seed: number;
  /** Replica slots: 1 without a fleet. A fleet's replicas each serve their own /metrics (see replica-app.ts). */
  readonly replicas: number;
  /** True while the scenario has the API (or, given a slot, that replica) down: /metrics answers 503. */
  isDown(slot?: number): boolean;
  /** True while the run holds as many generations in flight as it can: the endpoint answers 503. */
  isSaturated(): boolean;
  /** The /metrics of a replica slot (slot 0 without a fleet). */
  render(format: ExpositionFormat, slot?: number): Promise<{ contentType: string; body: string }>;
  status(): LiveStatus;
  /** The profile in force now, and the live override on top of the scenario (null when none). */
  profile(): { effective: Profile; override: unknown };
  /** Validates and applies a live override; throws ScenarioInvalidError naming each bad field. */
  setOverride(value: unknown): void;
  clearOverride(): void;
  /**
   * Runs one generation for an HTTP request: the generation itself when it has already ended (due sooner than a
   * timer can wait), else a promise resolved when its simulated duration has passed (null: the API went down first).
   */
  generate(): Generation | null | Promise<Generation | null>;
}
