/**
 * Progress of a long send on stderr: a bar redrawn in place on a terminal (at most 10 times a second), a plain line
 * at every tenth otherwise (logs and CI keep a readable record).
 */
import { performance } from 'node:perf_hooks';

export interface ProgressBar {
  update(done: number, dataTimeMs: number): void;
  /** A message on its own line, without breaking the bar. */
  note(text: string): void;
  finish(): void;
}

const WIDTH = 24;
const REDRAW_MS = 100;

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** One progress line: share, counts, rate and the data time reached. */
export function progressLine(done: number, total: number, seconds: number, dataTimeMs: number, bar: boolean): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const gauge = bar ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ` : '';
  const rate = seconds > 0 ? `  ${count(done / seconds)} samples/s` : '';
  const data = Number.isNaN(dataTimeMs) ? '' : `  data ${new Date(dataTimeMs).toISOString().slice(0, 16)}Z`;
  return `${gauge}${(share * 100).toFixed(0).padStart(3)}%  ${count(done)} / ${count(total)} samples${rate}${data}`;
}

export function progressBar(total: number, out: NodeJS.WritableStream & { isTTY?: boolean }, now: () => number = () => performance.now()): ProgressBar {
  const tty = out.isTTY === true;
  const started = now();
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let shown = '';
  const seconds = (): number => (now() - started) / 1000;
  return {
    update(done, dataTimeMs) {
      if (tty) {
        if (now() - lastDraw < REDRAW_MS && done < total) return;
        lastDraw = now();
        shown = progressLine(done, total, seconds(), dataTimeMs, true);
        out.write(`\r\x1b[2K${shown}`);
        return;
      }
      const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.write(`${progressLine(done, total, seconds(), dataTimeMs, false)}\n`);
      }
    },
    note(text) {
      out.write(tty ? `\r\x1b[2K${text}\n${shown}` : `${text}\n`);
    },
    finish() {
      if (tty && shown) out.write('\n');
    },
  };
}
