/**
 * Notifications over a timeline, from the groups Alertmanager formed in each state (alertmanager-oracle.ts). A group
 * of a receiver notifies when it first holds an alert inhibition does not mute; it stays one notification while any
 * of its alerts fires — muted or not, another alert joining it is an update of the same notification — and resolves
 * when none fires any more (Alertmanager's notification log: a group resolves when its alerts do). A later firing is
 * a new notification. Pure.
 */
import type { AlertState } from './alert-states.js';
import type { StateGroup } from './alertmanager-oracle.js';

export interface NotificationEpisode {
  receiver: string;
  /** The group's labels (its `group_by` values). */
  groupLabels: Record<string, string>;
  /** The alerts it notified (those not muted at some point of it), each once. */
  alerts: Record<string, string>[];
  /** When it was first sent, ms since epoch. */
  from: number;
  /** When it resolved; null when it still fires at the end of the run. */
  to: number | null;
}

function key(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Open {
  episode: NotificationEpisode;
  notified: Set<string>;
  lastState: number;
}

/** The notification episodes of a timeline's `states`, given the groups each formed. */
export function notificationEpisodes(states: readonly AlertState[], groups: readonly StateGroup[]): NotificationEpisode[] {
  const byState = new Map<number, StateGroup[]>();
  for (const g of groups) byState.set(g.state, [...(byState.get(g.state) ?? []), g]);
  const episodes: NotificationEpisode[] = [];
  const open = new Map<string, Open>();
  const close = (k: string, o: Open): void => {
    const last = states[o.lastState];
    o.episode.to = last.firingAtEnd ? null : last.to;
    open.delete(k);
  };
  states.forEach((state, i) => {
    const present = new Set<string>();
    for (const g of byState.get(i) ?? []) {
      const k = `${g.receiver}\u0000${key(g.labels)}`;
      const active = g.alerts.filter((a) => a.active);
      let o = open.get(k);
      // A previous state that ended before this one began (nothing fired in between) closed the group.
      if (o && states[o.lastState].to < state.from) {
        close(k, o);
        o = undefined;
      }
      if (!o) {
        if (active.length === 0) continue; // muted from its first moment: never sent
        o = { episode: { receiver: g.receiver, groupLabels: g.labels, alerts: [], from: state.from, to: null }, notified: new Set(), lastState: i };
        episodes.push(o.episode);
        open.set(k, o);
      }
      present.add(k);
      o.lastState = i;
      for (const a of active) {
        const ak = key(a.labels);
        if (!o.notified.has(ak)) {
          o.notified.add(ak);
          o.episode.alerts.push(a.labels);
        }
      }
    }
    for (const [k, o] of open) if (!present.has(k)) close(k, o);
  });
  for (const [k, o] of open) close(k, o);
  return episodes;
}
