/**
 * promtool, for what lunar-sim asks of it: checking rule files, running `promtool test rules`, and (for the bench's
 * comparison of backfill paths) backfilling OpenMetrics into TSDB blocks and counting what it stored — it drops
 * out-of-order and duplicate samples silently. Verify backfills by remote write (backfill/).
 */
import { ChildProcessError } from '../errors.js';
import { exec } from './exec.js';
import type { Scratch } from './scratch.js';

/**
 * One pass over the file: without it promtool rescans the whole file once per 2 h block (24 h of samples: 2 s with
 * the flag, 12 s without on this machine class).
 */
const MAX_BLOCK_DURATION = '--max-block-duration=168h';

/** Time limits (LUNAR_SIM_CHILD_TIMEOUT replaces them): checks take a fraction of a second, a 30-day backfill minutes. */
const QUICK_MS = 60_000;
const LONG_MS = 30 * 60_000;

/** promtool's arguments for a backfill (the bench runs the same command to measure it). */
export function backfillArgs(openMetricsFile: string, outDir: string): string[] {
  return ['tsdb', 'create-blocks-from', 'openmetrics', MAX_BLOCK_DURATION, openMetricsFile, outDir];
}

/** Backfills `openMetricsFile` into fresh TSDB blocks in `outDir`; returns the samples promtool stored. */
export async function backfill(
  promtool: string,
  openMetricsFile: string,
  outDir: string,
  expectedSamples: number,
  scratch: Scratch,
): Promise<number> {
  const r = await exec(promtool, backfillArgs(openMetricsFile, outDir), { scratch, timeoutMs: LONG_MS });
  if (r.code !== 0) throw new ChildProcessError(`promtool could not backfill ${openMetricsFile}: ${firstLines(r.stderr || r.stdout)}`);
  const stored = await countSamples(promtool, outDir, scratch);
  if (stored !== expectedSamples) {
    throw new ChildProcessError(
      `promtool stored ${stored} samples of the ${expectedSamples} written: it drops out-of-order or duplicate samples silently`,
    );
  }
  return stored;
}

/** Sum of NUM SAMPLES over the blocks of a TSDB directory (`promtool tsdb list`). */
export async function countSamples(promtool: string, dir: string, scratch?: Scratch): Promise<number> {
  const r = await exec(promtool, ['tsdb', 'list', dir], { scratch, timeoutMs: QUICK_MS });
  if (r.code !== 0) throw new ChildProcessError(`promtool tsdb list failed: ${firstLines(r.stderr)}`);
  const lines = r.stdout.trim().split('\n');
  const header = lines[0]?.split(/\s{2,}/) ?? [];
  const column = header.indexOf('NUM SAMPLES');
  if (column < 0) throw new ChildProcessError(`unexpected promtool tsdb list output: ${firstLines(r.stdout)}`);
  return lines.slice(1).reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[column]), 0);
}

export interface CheckResult {
  ok: boolean;
  output: string;
}

/** `promtool check rules FILE`. */
export async function checkRules(promtool: string, file: string): Promise<CheckResult> {
  const r = await exec(promtool, ['check', 'rules', file], { timeoutMs: QUICK_MS });
  return { ok: r.code === 0, output: (r.stdout + r.stderr).trim() };
}

/** `promtool test rules FILE...`. */
export async function testRules(promtool: string, files: readonly string[], cwd?: string): Promise<CheckResult> {
  const r = await exec(promtool, ['test', 'rules', ...files], { cwd, timeoutMs: LONG_MS });
  return { ok: r.code === 0, output: (r.stdout + r.stderr).trim() };
}

function firstLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(0, n).join(' | ');
}
