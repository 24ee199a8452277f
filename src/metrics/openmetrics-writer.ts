/**
 * Writes a SampleLog as OpenMetrics text with timestamps, for `promtool tsdb create-blocks-from openmetrics`.
 * prom-client cannot write timestamps, hence this writer. The backfill format's traps (see
 * shared/notes/prometheus-facts.md): timestamps in SECONDS, `# EOF` last with nothing after it, no blank lines,
 * one `le` spelling, and each series' timestamps strictly increasing (duplicates are dropped silently).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { familyName } from './catalogue.js';
import type { ColumnFilter, SampleLog } from './sample-log.js';

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

export type { ColumnFilter } from './sample-log.js';

/**
 * Streams the log as OpenMetrics into `write` in chunks; returns the number of samples written, to be compared
 * with what promtool reports it read. `keep` leaves out series no reader needs.
 */
export function writeOpenMetrics(log: SampleLog, write: (chunk: string) => void, keep: ColumnFilter = () => true): number {
  const stamps = log.times.map(seconds);
  let samples = 0;
  log.families.forEach((def, f) => {
    const columns = log.familyColumns(f).filter((c) => keep(c.name, c.labels));
    if (columns.length === 0) return;
    const name = familyName(def);
    write(`# HELP ${name} ${escapeLabelValue(def.help)}
# TYPE ${name} ${def.type}
`);
    for (const column of columns) {
      const prefix = `${column.name}${labelText(column.labels)} `;
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
export function writeOpenMetricsFile(log: SampleLog, file: string, keep?: ColumnFilter): number {
  const fd = openSync(file, 'w');
  try {
    return writeOpenMetrics(log, (chunk) => writeSync(fd, chunk), keep);
  } finally {
    closeSync(fd);
  }
}
