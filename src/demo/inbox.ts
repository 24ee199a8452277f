/**
 * The built-in webhook inbox: Alertmanager's notifications, kept (the latest ones, bounded) for the page and handed
 * to whoever listens as they arrive (the terminal, a drill's judge).
 */
import { randomBytes } from 'node:crypto';
import type { InboxPort, WebhookAlert, WebhookPayload } from '../server/demo-port.js';

/** Notifications kept for the page; older ones are dropped (listeners saw them all). */
const MAX_KEPT = 500;

export interface ReceivedNotification {
  /** The receiver of alertmanager.yml it was routed to. */
  receiver: string;
  /** Real time it arrived, ms since epoch. */
  receivedAt: number;
  /** `firing` while any of its alerts fires, else `resolved`. */
  status: string;
  alerts: WebhookAlert[];
  /** The group's `group_by` labels. */
  groupLabels?: Record<string, string>;
}

export class Inbox implements InboxPort {
  /** 192 random bits: only the demo's own Alertmanager, whose configuration holds it, can post here. */
  readonly secret = randomBytes(24).toString('base64url');
  private readonly kept: ReceivedNotification[] = [];
  private readonly listeners: ((n: ReceivedNotification) => void)[] = [];
  private readonly now: () => number;
  private count = 0;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Notifications received so far, dropped ones included. */
  get received(): number {
    return this.count;
  }

  onNotification(listener: (n: ReceivedNotification) => void): void {
    this.listeners.push(listener);
  }

  receive(receiver: string, payload: WebhookPayload): void {
    const n: ReceivedNotification = { receiver, receivedAt: this.now(), status: payload.status, alerts: payload.alerts, groupLabels: payload.groupLabels ?? {} };
    this.count++;
    this.kept.push(n);
    if (this.kept.length > MAX_KEPT) this.kept.shift();
    for (const l of this.listeners) l(n);
  }

  list(): ReceivedNotification[] {
    return [...this.kept];
  }
}
