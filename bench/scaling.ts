/**
 * The scaling table of issue 11: verify of the baseline stretched in duration, rate, replicas and users, each row in
 * a child process whose memory (with promtool's and Prometheus') is sampled from /proc; each row beside the figures
 * measured before (the issue's table) where there are some.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RowResult, RowSpec } from './scaling-row.js';

interface Row extends RowSpec {
  label: string;
  /** The issue's figures: wall s, peak RSS MB. */
  before?: { wallS: number; rssMb: number };
  target?: string;
}

export const ROWS: Row[] = [
  { label: '24 h at 12/min', days: 1, perMinute: 12, replicas: 1, users: 0, before: { wallS: 5.8, rssMb: 195 } },
  { label: '7 d at 12/min', days: 7, perMinute: 12, replicas: 1, users: 0, before: { wallS: 23, rssMb: 549 }, target: '< 8 s' },
  { label: '30 d at 12/min', days: 30, perMinute: 12, replicas: 1, users: 0, before: { wallS: 148, rssMb: 1800 }, target: '< 30 s, < 1 GB' },
  { label: '24 h at 6,000/min', days: 1, perMinute: 6000, replicas: 1, users: 0, before: { wallS: 19, rssMb: 201 } },
  { label: '24 h at 60,000/min', days: 1, perMinute: 60_000, replicas: 1, users: 0, before: { wallS: 146, rssMb: 196 }, target: '< 10 s' },
  { label: '24 h at 12/min, 5 replicas', days: 1, perMinute: 12, replicas: 5, users: 0 },
  { label: '24 h at 60,000/min, 5 replicas', days: 1, perMinute: 60_000, replicas: 5, users: 0 },
  { label: '24 h at 12/min, user_id over 650 users', days: 1, perMinute: 12, replicas: 1, users: 650, before: { wallS: 95, rssMb: 2000 } },
];

function treeRssKb(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      stack.push(...readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** Runs one row; returns its result and the peak RSS of its process tree (MB). */
export function runRow(row: RowSpec): Promise<RowResult & { treePeakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['bench/scaling-row.ts', JSON.stringify(row)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid!))), 50);
    child.stdout!.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`scaling row exited with ${code}`));
      resolve({ ...(JSON.parse(out.trim().split('\n').pop()!) as RowResult), treePeakMb: peak / 1024 });
    });
  });
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Prints the table, one line per row as it completes. */
export async function scalingTable(print: (label: string, value: string, note: string) => void): Promise<void> {
  for (const row of ROWS) {
    const r = await runRow(row);
    const peak = Math.max(r.treePeakMb, r.ownPeakMb);
    const against = row.before
      ? `; before: ${row.before.wallS} s (${(row.before.wallS / (r.wallMs / 1000)).toFixed(1)}× faster), ${row.before.rssMb >= 1000 ? `${(row.before.rssMb / 1000).toFixed(1)} GB` : `${row.before.rssMb} MB`}`
      : '';
    print(`  ${row.label}`, s(r.wallMs),
      `${r.samples.toLocaleString('en-US')} samples (${r.mode}): simulate ${s(r.simulateMs)}, backfill ${s(r.backfillMs)}, query ${s(r.queryMs)}; ` +
        `peak RSS ${peak.toFixed(0)} MB${against}${row.target ? `; target ${row.target}` : ''}`);
  }
}
