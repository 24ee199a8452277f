/**
 * The `for` / `keep_firing_for` state machine of Prometheus' alerting rules (rules/alerting.go, Eval), replayed over
 * the expression's values at each evaluation time. Prometheus computes the values; this only keeps the states:
 * - a label set in the result becomes pending (active since now) unless already active;
 * - pending fires once `now - activeAt >= for` (at once when `for` is 0);
 * - a label set missing from the result clears a pending alert, and resolves a firing one — unless it has kept
 *   firing for less than `keep_firing_for`, counted from the first evaluation that missed.
 */
import type { RangeSeries } from '../prometheus/query-client.js';
import type { AlertRule } from './rules.js';

export interface AlertEpisode {
  alert: string;
  /** Rule labels + the expression's labels + alertname, as Prometheus sends them. */
  labels: Record<string, string>;
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** The expression's value when the alert fired (or when it was last pending, if it never fired). */
  value: number;
}

interface Active {
  episode: AlertEpisode;
  state: 'pending' | 'firing';
  keepFiringSince: number | null;
}

function alertLabels(rule: AlertRule, exprLabels: Record<string, string>): Record<string, string> {
  return { ...exprLabels, ...rule.labels, alertname: rule.name };
}

function keyOf(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every episode (pending only, or fired) of `rule`, given its expression at each time of `evaluations`. */
export function alertTimeline(rule: AlertRule, series: readonly RangeSeries[], evaluations: readonly number[]): AlertEpisode[] {
  const episodes: AlertEpisode[] = [];
  const active = new Map<string, Active>();
  const labelled = series.map((s) => ({ key: keyOf(alertLabels(rule, s.labels)), labels: alertLabels(rule, s.labels), points: s.points }));
  for (const ts of evaluations) {
    const present = new Set<string>();
    for (const s of labelled) {
      const value = s.points.get(ts);
      if (value === undefined) continue;
      present.add(s.key);
      const a = active.get(s.key);
      if (a) {
        if (a.state === 'pending') a.episode.value = value;
        a.keepFiringSince = null;
        continue;
      }
      const episode: AlertEpisode = { alert: rule.name, labels: s.labels, activeAt: ts, firedAt: null, resolvedAt: null, value };
      episodes.push(episode);
      active.set(s.key, { episode, state: 'pending', keepFiringSince: null });
    }
    for (const [key, a] of active) {
      if (!present.has(key)) {
        if (a.state === 'firing' && rule.keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          if (ts - a.keepFiringSince < rule.keepFiringForMs) continue;
        }
        if (a.state === 'firing') a.episode.resolvedAt = ts;
        active.delete(key);
        continue;
      }
      if (a.state === 'pending' && ts - a.episode.activeAt >= rule.forMs) {
        a.state = 'firing';
        a.episode.firedAt = ts;
      }
    }
  }
  return episodes;
}
