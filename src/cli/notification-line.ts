/** A notification of the demo's inbox as terminal lines: when (scenario time), to whom, what. */
import { formatDuration } from '../core/units.js';
import type { ReceivedNotification } from '../demo/inbox.js';
import type { TimeAxis } from '../demo/time-axis.js';

/** Scenario time `ms` as `1h8m`, `-5m` before time 0, to the second. */
export function scenarioClock(ms: number): string {
  const s = Math.round(ms / 1000) * 1000;
  return s < 0 ? `-${formatDuration(-s)}` : formatDuration(s);
}

/** One line per alert of the notification; `start` is the scenario's time 0 (simulated ms). */
export function notificationLines(n: ReceivedNotification, axis: TimeAxis, start: number): string[] {
  const at = scenarioClock(axis.toSim(n.receivedAt) - start);
  return n.alerts.map((a) => {
    const state = a.status === 'firing' ? 'FIRING  ' : 'resolved';
    const severity = a.labels.severity ? ` (${a.labels.severity})` : '';
    const summary = a.status === 'firing' && a.annotations.summary ? `: ${a.annotations.summary}` : '';
    return `  [${at}] ${n.receiver} ← ${state} ${a.labels.alertname ?? '?'}${severity}${summary}`;
  });
}
