/**
 * What a change of rules would have changed over the same history: the firings of two backtests, matched per alert
 * and label set. Two firings that overlap in time are the same incident: unchanged when their times are equal,
 * "moved" otherwise; a firing of the other rules that overlaps none is "added", one of these rules that overlaps
 * none is "removed".
 */
import type { AlertFirings, Firing } from './backtest.js';

export interface FiringRef {
  alert: string;
  labels: Record<string, string>;
  firing: Firing;
}

export interface MovedFiring {
  alert: string;
  labels: Record<string, string>;
  before: Firing;
  after: Firing;
}

export interface Comparison {
  added: FiringRef[];
  removed: FiringRef[];
  moved: MovedFiring[];
  unchanged: number;
}

function keyOf(a: Pick<AlertFirings, 'alert' | 'labels'>): string {
  return JSON.stringify([a.alert, Object.entries(a.labels).sort()]);
}

function overlaps(a: Firing, b: Firing, endMs: number): boolean {
  return a.firedAt <= (b.resolvedAt ?? endMs) && b.firedAt <= (a.resolvedAt ?? endMs);
}

function byKey(alerts: readonly AlertFirings[]): Map<string, AlertFirings> {
  return new Map(alerts.map((a) => [keyOf(a), a]));
}

/** Firings of `after` against those of `before` (same window, ending at `endMs`). */
export function compareFirings(before: readonly AlertFirings[], after: readonly AlertFirings[], endMs: number): Comparison {
  const out: Comparison = { added: [], removed: [], moved: [], unchanged: 0 };
  const old = byKey(before);
  const now = byKey(after);
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(key);
    const b = now.get(key);
    const { alert, labels } = (a ?? b)!;
    const left = a?.firings ?? [];
    const right = [...(b?.firings ?? [])];
    const paired = new Set<Firing>();
    for (const f of left) {
      const match = right.find((g) => !paired.has(g) && overlaps(f, g, endMs));
      if (!match) {
        out.removed.push({ alert, labels, firing: f });
        continue;
      }
      paired.add(match);
      if (match.firedAt === f.firedAt && match.resolvedAt === f.resolvedAt) out.unchanged++;
      else out.moved.push({ alert, labels, before: f, after: match });
    }
    for (const g of right) if (!paired.has(g)) out.added.push({ alert, labels, firing: g });
  }
  const order = (x: { alert: string }, y: { alert: string }) => (x.alert < y.alert ? -1 : x.alert > y.alert ? 1 : 0);
  out.added.sort(order);
  out.removed.sort(order);
  out.moved.sort(order);
  return out;
}
