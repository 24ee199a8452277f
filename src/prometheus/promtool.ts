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

/** promtool's arguments for a backfill (the bench runs the same command to measure it). */
export function backfillArgs(openMetricsFile: string, outDir: string): string[] {
  return ['tsdb', 'create-blocks-from', 'openmetrics', MAX_BLOCK_DURATION, openMetricsFile, outDir];
}

/** Sum of NUM SAMPLES over the blocks of a TSDB directory (`promtool tsdb list`). */
export async function countSamples(promtool: string, dir: string, scratch?: Scratch): Promise<number> {
  const r = await exec(promtool, ['tsdb', 'list', dir], { scratch });
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
  const r = await exec(promtool, ['check', 'rules', file]);
  return { ok: r.code === 0, output: (r.stdout + r.stderr).trim() };
}

/** `promtool test rules FILE...`. */
export async function testRules(promtool: string, files: readonly string[], cwd?: string): Promise<CheckResult> {
  const r = await exec(promtool, ['test', 'rules', ...files], { cwd });
  return { ok: r.code === 0, output: (r.stdout + r.stderr).trim() };
}

function firstLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(0, n).join(' | ');
}
