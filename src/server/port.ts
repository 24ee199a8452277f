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
  /** Simulated wall-clock time, ISO 8601, and scenario time in seconds since time 0. */
  simulatedTime: string;
  scenarioSeconds: number;
  speed: number;
  traffic: 'scenario+external' | 'external';
  activeGenerations: number;
  totals: { generations: number; bySource: Record<string, number>; fallbacks: number; costUsd: number };
  profileOverride: boolean;
}

export interface SimulatorPort {
  /** The run's seed: generated texts derive from it. */
  readonly seed: number;
  /** True while the scenario has the API down: /metrics and the endpoint answer 503. */
  isDown(): boolean;
  /** True while the run holds as many generations in flight as it can: the endpoint answers 503. */
  isSaturated(): boolean;
  render(format: ExpositionFormat): Promise<{ contentType: string; body: string }>;
  status(): LiveStatus;
  /** The profile in force now, and the live override on top of the scenario (null when none). */
  profile(): { effective: Profile; override: unknown };
  /** Validates and applies a live override; throws ScenarioInvalidError naming each bad field. */
  setOverride(value: unknown): void;
  clearOverride(): void;
  /** Runs one generation for an HTTP request; resolves when its simulated duration has passed (null: the API went down first). */
  generate(): Promise<Generation | null>;
}
