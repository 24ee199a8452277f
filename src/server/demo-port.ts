/**
 * What the server needs from a demo around it (`lunar-sim demo` and `drill`): an inbox for Alertmanager's webhooks,
 * the demo's Prometheus to proxy the page's queries to, and the page's model. The demo implements it; the server
 * depends on this interface only.
 */

/** One alert of an Alertmanager webhook payload (version 4), the fields lunar-sim reads. */
export interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint?: string;
}

/** An Alertmanager webhook payload; other fields are accepted and ignored. */
export interface WebhookPayload {
  status: string;
  alerts: WebhookAlert[];
  groupKey?: string;
  /** The group's `group_by` labels. */
  groupLabels?: Record<string, string>;
}

export interface InboxPort {
  /** The path segment Alertmanager posts under (`/api/v1/inbox/<secret>/<receiver>`): made for each run, never shown. */
  readonly secret: string;
  /** Records a notification for `receiver` (the webhook's path), as it arrives. */
  receive(receiver: string, payload: WebhookPayload): void;
  /** The notifications kept, oldest first. */
  list(): unknown[];
}

export interface DemoPort {
  inbox: InboxPort;
  /** Base URL of the demo's Prometheus; null until it is up. */
  prometheusUrl(): string | null;
  /** Base URL of the demo's Alertmanager (the alert list's inhibited state); null until it is up. */
  alertmanagerUrl?(): string | null;
  /**
   * The dashboard page's model (panels, compressed queries, time axis); null until the demo is up. With `choices`
   * (variable name → values) the queries are resolved with those values; bad ones throw FieldsInvalidError.
   */
  pageModel(choices?: Record<string, string[]>): unknown;
}
