/**
 * Progress of a long send on stderr: a bar redrawn in place on a terminal (at most 10 times a second), a plain line
 * at every tenth otherwise (logs and CI keep a readable record). Retries are one line too: on a terminal it is redrawn
 * in place (the retry, how many so far) until the bar moves again; elsewhere a line is written when the reason
 * changes, not at each retry (a receiver down for a minute made 16 identical lines), the count being in the summary
 * or the final error.
 */
import { performance } from 'node:perf_hooks';
import type { RetryNotice } from '../remote-write/client.js';
import { printable } from './printable.js';

export interface ProgressBar {
  update(done: number, dataTimeMs: number): void;
  /** A request is being retried (at most `maxRetries` times). */
  retrying(notice: RetryNotice, maxRetries: number): void;
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
  let retries = 0;
  let lastReason = '';
  const seconds = (): number => (now() - started) / 1000;
  return {
    retrying(n, maxRetries) {
      retries++;
      const reason = printable(n.reason);
      if (tty) {
        shown = `lunar-sim: retry ${n.retry} of ${maxRetries} in ${(n.delayMs / 1000).toFixed(1)} s: ${reason} (${retries} ${retries === 1 ? 'retry' : 'retries'} so far)`;
        out.write(`\r\x1b[2K${shown}`);
        // The bar is drawn again at its next update, whatever the time since it was last drawn.
        lastDraw = -Infinity;
      } else if (reason !== lastReason) {
        out.write(`lunar-sim: retrying (up to ${maxRetries} times a request): ${reason}\n`);
      }
      lastReason = reason;
    },
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
    finish() {
      if (tty && shown) out.write('\n');
    },
  };
}
