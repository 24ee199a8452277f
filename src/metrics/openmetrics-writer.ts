/**
 * Writes a SampleLog as OpenMetrics text with timestamps, for `promtool tsdb create-blocks-from openmetrics`.
 * prom-client cannot write timestamps, hence this writer. The backfill format's traps (see
 * shared/notes/prometheus-facts.md): timestamps in SECONDS, `# EOF` last with nothing after it, no blank lines,
 * one `le` spelling, and each series' timestamps strictly increasing (duplicates are dropped silently).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { familyName } from './catalogue.js';
import type { SampleLog } from './sample-log.js';

/** Escapes a label value or help text the way the exposition formats require. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Seconds with at most millisecond precision, never in exponent notation. */
function seconds(ms: number): string {
  return Number.isInteger(ms / 1000) ? String(ms / 1000) : (ms / 1000).toFixed(3);
}

export interface OpenMetricsOptions {
  /** Maps a snapshot's simulated time to the timestamp written (ms); default: as it is. */
  timestamp?: (simulatedMs: number) => number;
  /** Labels added to every series, e.g. the `job` and `instance` a scrape would attach. */
  labels?: Record<string, string>;
  /** The labels written for a series, given its own (after `labels` are added); default: as they are. */
  relabel?: (labels: Readonly<Record<string, string>>) => Record<string, string>;
}

/**
 * Streams the log as OpenMetrics into `write` in chunks; returns the number of samples written, to be compared
 * with what promtool reports it read.
 */
export function writeOpenMetrics(log: SampleLog, write: (chunk: string) => void, options: OpenMetricsOptions = {}): number {
  const at = options.timestamp ?? ((t: number) => t);
  const stamps = log.times.map((t) => seconds(Math.round(at(t))));
  let samples = 0;
  log.families.forEach((def, f) => {
    const columns = log.familyColumns(f);
    if (columns.length === 0) return;
    const name = familyName(def);
    write(`# HELP ${name} ${escapeLabelValue(def.help)}
# TYPE ${name} ${def.type}
`);
    for (const column of columns) {
      const labels = options.labels ? { ...column.labels, ...options.labels } : column.labels;
      const prefix = `${column.name}${labelText(options.relabel ? options.relabel(labels) : labels)} `;
      let chunk = '';
      const values = column.values;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (Number.isNaN(v)) continue;
        chunk += `${prefix}${v} ${stamps[i]}\n`;
        samples++;
      }
      write(chunk);
    }
  });
  write('# EOF\n');
  return samples;
}

/** Writes the log to a file; returns the number of samples written. */
export function writeOpenMetricsFile(log: SampleLog, file: string, options: OpenMetricsOptions = {}): number {
  const fd = openSync(file, 'w');
  try {
    return writeOpenMetrics(log, (chunk) => writeSync(fd, chunk), options);
  } finally {
    closeSync(fd);
  }
}
