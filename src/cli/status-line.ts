/** The one-line live status of `lunar-sim run`. */
import { formatDuration } from '../core/units.js';
import type { WindowFigures } from '../runtime/live-status.js';
import type { LiveStatus } from '../server/port.js';

function share(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)}%`;
}

/** What the demo says once its scenario is over (`endMs`: the scenario's duration). */
export function endedLine(scenario: string, endMs: number): string {
  return `scenario ${scenario} ended at ${formatDuration(endMs)}: its last phase goes on; restart the demo to replay it, or run \`demo --loop\` for incident after incident (Ctrl-C stops it)`;
}

/** The status line; `endSeconds`: the scenario's duration, past which the phase is marked ended. */
export function statusLine(s: LiveStatus, w: WindowFigures, endSeconds?: number): string {
  const p95 = w.claudeP95Seconds === null ? '–' : `${w.claudeP95Seconds.toFixed(1)}s`;
  const t = formatDuration(Math.max(0, Math.round(s.scenarioSeconds)) * 1000);
  return (
    `[${s.phase}${endSeconds !== undefined && s.scenarioSeconds >= endSeconds ? `, scenario ended at ${formatDuration(endSeconds * 1000)}` : ''}] t=${t} ${s.simulatedTime.slice(11, 19)}Z  ${w.generationsPerMinute.toFixed(1)} gen/min  ` +
    `cache ${share(w.cacheShare)}  fallback ${share(w.fallbackShare)}  P95 ${p95}  in flight ${s.activeGenerations}  ` +
    `total ${s.totals.generations}` +
    (s.keepingUp ? '' : `  BEHIND by ${formatDuration(Math.round(s.lagSeconds) * 1000)} (rate × speed is more than this machine simulates)`)
  );
}
