/** The one-line live status of `lunar-sim run`. */
import { formatDuration } from '../core/units.js';
import type { WindowFigures } from '../runtime/live-status.js';
import type { LiveStatus } from '../server/port.js';

function share(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)}%`;
}

export function statusLine(s: LiveStatus, w: WindowFigures): string {
  const p95 = w.claudeP95Seconds === null ? '–' : `${w.claudeP95Seconds.toFixed(1)}s`;
  const t = formatDuration(Math.max(0, Math.round(s.scenarioSeconds)) * 1000);
  return (
    `[${s.phase}] t=${t} ${s.simulatedTime.slice(11, 19)}Z  ${w.generationsPerMinute.toFixed(1)} gen/min  ` +
    `cache ${share(w.cacheShare)}  fallback ${share(w.fallbackShare)}  P95 ${p95}  in flight ${s.activeGenerations}  ` +
    `total ${s.totals.generations}` +
    (s.keepingUp ? '' : `  BEHIND by ${formatDuration(Math.round(s.lagSeconds) * 1000)} (rate × speed is more than this machine simulates)`)
  );
}
