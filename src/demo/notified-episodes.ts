/**
 * Alert episodes as the notification path saw them: each alert Alertmanager notified (or held back by inhibition)
 * becomes an AlertEpisode on the simulated time axis — fired at the `startsAt` Prometheus' rule manager gave it (the
 * evaluation at which it fired), resolved at the `endsAt` of its resolved notification — so that verify's `judge()`
 * can judge it. The rule manager, Alertmanager's routing and inhibition are real; nothing here replays them.
 */
import type { NotificationEpisode } from '../notify/notification-episodes.js';
import type { WebhookAlert } from '../server/demo-port.js';
import type { AlertEpisode } from '../verify/alert-timeline.js';
import type { ReceivedNotification } from './inbox.js';
import type { TimeAxis } from './time-axis.js';

/** An alert as Alertmanager's API lists it (`GET /api/v2/alerts`), the fields read here. */
export interface HeldAlert {
  labels: Record<string, string>;
  startsAt: string;
  fingerprint: string;
  status: { state: string; inhibitedBy: string[]; silencedBy: string[] };
}

export interface NotifiedEpisode extends AlertEpisode {
  /** Notifications that listed it firing. */
  notifications: number;
  /** Receivers it reached. */
  receivers: string[];
  /** True when Alertmanager held it back by an inhibition rule at some point. */
  inhibited: boolean;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class EpisodeCollector {
  private readonly axis: TimeAxis;
  private readonly byKey = new Map<string, NotifiedEpisode & { lastHeld: number | null }>();
  /** Notifications as groups of receivers: open while their group fires, in simulated time. */
  private readonly sent: NotificationEpisode[] = [];
  private readonly openGroups = new Map<string, NotificationEpisode>();

  constructor(axis: TimeAxis) {
    this.axis = axis;
  }

  /** Simulated time of real instant `real`, to the second: a real millisecond is `speed` simulated ones. */
  private simSecond(real: number): number {
    return Math.round(this.axis.toSim(real) / 1000) * 1000;
  }

  private episode(labels: Record<string, string>, startsAt: string): NotifiedEpisode & { lastHeld: number | null } {
    // One episode per alert (label set) and firing: a new firing of the same alert has a new startsAt. Keyed by the
    // instant, not the text: Alertmanager's API writes it to the nanosecond, its webhooks to the millisecond.
    const key = `${labelKey(labels)}@${Date.parse(startsAt)}`;
    let e = this.byKey.get(key);
    if (!e) {
      const firedAt = this.simSecond(Date.parse(startsAt));
      e = { alert: labels.alertname ?? '?', labels, activeAt: firedAt, firedAt, resolvedAt: null, value: Number.NaN, notifications: 0, receivers: [], inhibited: false, lastHeld: null };
      this.byKey.set(key, e);
    }
    return e;
  }

  /** A webhook notification. */
  notified(n: ReceivedNotification): void {
    for (const a of n.alerts) this.notifiedAlert(n.receiver, a);
    this.notifiedGroup(n);
  }

  /**
   * A group's notifications, as verify's notification episodes count them: the first firing one opens it (at its
   * alerts' first firing), later ones update it, the resolved one closes it (at its alerts' last resolution).
   */
  private notifiedGroup(n: ReceivedNotification): void {
    const groupLabels = n.groupLabels ?? {};
    const key = `${n.receiver}\u0000${labelKey(groupLabels)}`;
    const firing = n.alerts.filter((a) => a.status !== 'resolved');
    let e = this.openGroups.get(key);
    if (!e && firing.length > 0) {
      e = { receiver: n.receiver, groupLabels, alerts: [], from: Math.min(...firing.map((a) => this.simSecond(Date.parse(a.startsAt)))), to: null };
      this.openGroups.set(key, e);
      this.sent.push(e);
    }
    if (!e) return;
    for (const a of firing) if (!e.alerts.some((x) => labelKey(x) === labelKey(a.labels))) e.alerts.push(a.labels);
    if (n.status === 'resolved') {
      e.to = Math.max(...n.alerts.map((a) => this.simSecond(Date.parse(a.endsAt))));
      this.openGroups.delete(key);
    }
  }

  /** The notification episodes that began between simulated times `from` and `end`; a resolution after `end` is still firing. */
  notifications(from: number, end: number): NotificationEpisode[] {
    return this.sent
      .filter((e) => e.from >= from && e.from <= end)
      .map((e) => ({ ...e, to: e.to !== null && e.to > end ? null : e.to }));
  }

  private notifiedAlert(receiver: string, a: WebhookAlert): void {
    const e = this.episode(a.labels, a.startsAt);
    if (!e.receivers.includes(receiver)) e.receivers.push(receiver);
    if (a.status === 'resolved') e.resolvedAt = this.simSecond(Date.parse(a.endsAt));
    else e.notifications++;
  }

  /** One poll of Alertmanager's alerts at real time `at`: the ones it holds back are episodes too. */
  held(alerts: readonly HeldAlert[], at: number): void {
    for (const a of alerts) {
      const e = this.episode(a.labels, a.startsAt);
      if (a.status.inhibitedBy.length > 0) e.inhibited = true;
      e.lastHeld = at;
    }
  }

  /**
   * Every episode that fired between simulated times `from` and `end`; a resolution after `end` does not count (still
   * firing then). Before `from` there was no data yet: what fired then (`absent()` while Prometheus waited for the
   * first sample) is not the scenario's. An inhibited alert never notified resolves when Alertmanager stopped listing
   * it (known to one poll).
   */
  episodes(from: number, end: number): NotifiedEpisode[] {
    const out: NotifiedEpisode[] = [];
    for (const { lastHeld, ...e } of this.byKey.values()) {
      if (e.firedAt! > end || e.firedAt! < from) continue;
      if (e.resolvedAt === null && e.notifications === 0 && lastHeld !== null && this.axis.toSim(lastHeld) < end) {
        e.resolvedAt = this.simSecond(lastHeld);
      }
      out.push({ ...e, resolvedAt: e.resolvedAt !== null && e.resolvedAt > end ? null : e.resolvedAt });
    }
    return out.sort((a, b) => a.firedAt! - b.firedAt!);
  }
}
