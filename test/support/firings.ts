/**
 * Firings in one comparable form, from `backtest --json` and from verify's episodes: what "backtest = verify" compares
 * (test/e2e/backtest.test.ts on a slice, test/exhaustive/backtest-library.test.ts on the whole library).
 */
import type { AlertEpisode } from '../../src/verify/alert-timeline.js';

export interface JsonFiring {
  firedAt: string;
  resolvedAt: string | null;
}

export interface JsonAlert {
  alert: string;
  labels: Record<string, string>;
  firings: JsonFiring[];
}

/** One firing, flat: alert, labels, times in ms (null: firing at the end). */
export interface Flat {
  alert: string;
  labels: string;
  firedAt: number;
  resolvedAt: number | null;
}

export const labelKey = (labels: Record<string, string>): string => JSON.stringify(Object.entries(labels).sort());

export const byTime = (x: Flat, y: Flat): number => x.alert.localeCompare(y.alert) || x.labels.localeCompare(y.labels) || x.firedAt - y.firedAt;

/** backtest's JSON alerts, flat. */
export function flatten(alerts: readonly JsonAlert[]): Flat[] {
  return alerts.flatMap((a) => a.firings.map((f) => ({ alert: a.alert, labels: labelKey(a.labels), firedAt: Date.parse(f.firedAt), resolvedAt: f.resolvedAt === null ? null : Date.parse(f.resolvedAt) })));
}

/** verify's fired episodes, flat and in order. */
export function verifiedFirings(episodes: readonly AlertEpisode[]): Flat[] {
  return episodes
    .filter((e) => e.firedAt !== null)
    .map((e) => ({ alert: e.alert, labels: labelKey(e.labels), firedAt: e.firedAt!, resolvedAt: e.resolvedAt }))
    .sort(byTime);
}

/**
 * Where two lists of firings disagree by more than `toleranceMs` (same alerts and labels in the same order, each
 * fired and resolved within the tolerance): one line per disagreement, none when they agree.
 */
export function firingDifferences(backtest: readonly Flat[], verify: readonly Flat[], toleranceMs: number): string[] {
  const b = [...backtest].sort(byTime);
  const v = [...verify].sort(byTime);
  const names = (xs: readonly Flat[]): string => xs.map((x) => `${x.alert}${x.labels === '[]' ? '' : x.labels}`).join(', ');
  if (names(b) !== names(v)) return [`firings differ: backtest [${names(b)}], verify [${names(v)}]`];
  const out: string[] = [];
  b.forEach((x, i) => {
    const want = v[i];
    if (Math.abs(x.firedAt - want.firedAt) > toleranceMs) out.push(`${x.alert} fired ${(x.firedAt - want.firedAt) / 1000} s from verify's`);
    if ((x.resolvedAt === null) !== (want.resolvedAt === null)) out.push(`${x.alert}: resolved in one and not the other`);
    else if (x.resolvedAt !== null && Math.abs(x.resolvedAt - want.resolvedAt!) > toleranceMs) out.push(`${x.alert} resolved ${(x.resolvedAt - want.resolvedAt!) / 1000} s from verify's`);
  });
  return out;
}
