/**
 * An alert timeline cut into states: the stretches of time over which the set of firing alerts does not change.
 * Alertmanager's routing, grouping and inhibition depend only on which alerts fire together, so asking it once per
 * state tells what it notifies over the whole timeline. Pure.
 */
import type { AlertEpisode } from '../verify/alert-timeline.js';

export interface AlertState {
  /** Start of the state, ms since epoch; it lasts until the next state's start (or `end`). */
  from: number;
  to: number;
  /** The alerts firing throughout (labels include alertname, as Prometheus sends them). */
  firing: Record<string, string>[];
  /** True when some of them are still firing when the run ends. */
  firingAtEnd: boolean;
}

/** The states of `episodes` over [.., end]: one per change of the firing set, empty stretches left out. */
export function alertStates(episodes: readonly AlertEpisode[], end: number): AlertState[] {
  const fired = episodes.filter((e) => e.firedAt !== null);
  const cuts = [...new Set(fired.flatMap((e) => [e.firedAt!, e.resolvedAt ?? end]))].sort((a, b) => a - b);
  const states: AlertState[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const here = fired.filter((e) => e.firedAt! <= from && (e.resolvedAt ?? end) >= to);
    if (here.length > 0) states.push({ from, to, firing: here.map((e) => e.labels), firingAtEnd: to === end && here.some((e) => e.resolvedAt === null) });
  }
  // An alert that fires at the run's last evaluation has no stretch after it, but it is notified all the same.
  const last = fired.filter((e) => e.resolvedAt === null && e.firedAt === end);
  if (last.length > 0) states.push({ from: end, to: end, firing: fired.filter((e) => e.resolvedAt === null).map((e) => e.labels), firingAtEnd: true });
  return states;
}
