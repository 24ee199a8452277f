/** A notification of the demo's inbox as terminal lines: when (scenario time), to whom, what. */
import { formatDuration } from '../core/units.js';
import type { ReceivedNotification } from '../demo/inbox.js';
import type { TimeAxis } from '../demo/time-axis.js';
import { printable } from './printable.js';

/** Scenario time `ms` as `1h8m`, `-5m` before time 0, to the second. */
export function scenarioClock(ms: number): string {
  const s = Math.round(ms / 1000) * 1000;
  return s < 0 ? `-${formatDuration(-s)}` : formatDuration(s);
}

/**
 * For a resolution, when the rule let go (the alert's `endsAt`), if that is not when the line arrived: Alertmanager
 * sends resolutions at its group's next `group_interval`, so the drill's table (the rule's times) and its stream
 * (the notifications' times) differ by up to that interval, and the line says so rather than leave the two to
 * disagree silently.
 */
function letGo(a: { status: string; endsAt: string }, axis: TimeAxis, start: number, at: string): string {
  const ends = Date.parse(a.endsAt);
  if (a.status !== 'resolved' || !Number.isFinite(ends)) return '';
  const when = scenarioClock(axis.toSim(ends) - start);
  return when === at ? '' : ` (the rule let go at ${when}; Alertmanager sends resolutions at its group_interval)`;
}

/**
 * One line per alert of the notification; `start` is the scenario's time 0 (simulated ms). Whatever came from the
 * poster is escaped (printable.ts): the inbox takes posts from the demo's Alertmanager only, but labels and
 * annotations are whatever the rules and the data made them.
 */
export function notificationLines(n: ReceivedNotification, axis: TimeAxis, start: number): string[] {
  const at = scenarioClock(axis.toSim(n.receivedAt) - start);
  return n.alerts.map((a) => {
    const state = a.status === 'firing' ? 'FIRING  ' : 'resolved';
    const severity = a.labels.severity ? ` (${a.labels.severity})` : '';
    const summary = a.status === 'firing' && a.annotations.summary ? `: ${a.annotations.summary}` : '';
    return `  [${at}] ${printable(`${n.receiver} ← ${state} ${a.labels.alertname ?? '?'}${severity}${summary}`)}${letGo(a, axis, start, at)}`;
  });
}
