/**
 * Child processes and temp dirs never outlive `verify`: not on kill -9, not on Ctrl-C in the middle of promtool's
 * backfill, not when promtool hangs. Real processes, inspected through /proc.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROMETHEUS, PROMTOOL } from '../../src/prometheus/binaries.js';
import { startCli, type RunningCli } from '../support/cli.js';
import { leftovers } from '../support/leftovers.js';
import { isRunning, killMentioning, processesMentioning, untilEmpty } from '../support/processes.js';
import { binaryForTest } from '../support/prometheus.js';

const promtool = binaryForTest(PROMTOOL);
const prometheus = binaryForTest(PROMETHEUS);
const available = promtool !== null && prometheus !== null;
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-hygiene-test-'));
afterEach(() => killMentioning(work));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function privateTmp(): string {
  return mkdtempSync(path.join(work, 'tmp-'));
}

/** Dirs named `head…` anywhere under `dir` (promtool's backfill scratch), as paths relative to `dir`. */
function headDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name.startsWith('head'))
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  } catch {
    return []; // a dir vanished during the walk: look again at the next poll
  }
}

/** Polls `ready` every 10 ms; rejects when the CLI ends first. */
async function when(cli: RunningCli, ready: () => boolean, what: string): Promise<void> {
  while (!ready()) {
    if (cli.child.exitCode !== null || cli.child.signalCode !== null) throw new Error(`verify ended before ${what}:\n${cli.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.runIf(available)('verify cleans up after itself whatever stops it', () => {
  it('kill -9 mid-verify: no child survives it, and the next verify removes the dead run\'s temp dirs', async () => {
    const tmp = privateTmp();
    const cli = startCli(['verify', 'baseline'], { env: { TMPDIR: tmp } });
    // Once Prometheus runs (the query stage), there is the most to leave behind.
    await when(cli, () => processesMentioning(tmp).some((p) => / --storage\.tsdb\.path=/.test(p)), 'Prometheus started');
    cli.child.kill('SIGKILL');
    await cli.exited;
    expect(await untilEmpty(() => processesMentioning(tmp))).toEqual([]);

    const next = startCli(['verify', 'fallback-just-below'], { env: { TMPDIR: tmp } });
    expect(await next.exited).toBe(0);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('Ctrl-C during the backfill (SIGINT to the whole process group) leaves no promtool head dir, exit 130', async () => {
    const tmp = privateTmp();
    // verify backfills by remote write; drill and demo backfill their history with promtool.
    const cli = startCli(['drill', 'baseline', '--speed', '240'], { env: { TMPDIR: tmp }, detached: true });
    await when(cli, () => headDirs(tmp).length > 0, 'promtool created its head dir');
    process.kill(-cli.child.pid!, 'SIGINT');
    expect(await cli.exited).toBe(130);
    expect(headDirs(tmp)).toEqual([]);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('SIGTERM stops the children, removes the temp dirs and exits 143', async () => {
    const tmp = privateTmp();
    const cli = startCli(['verify', 'baseline'], { env: { TMPDIR: tmp } });
    await cli.waitFor(/query…/, 60_000);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(143);
    expect(cli.output()).toMatch(/SIGTERM: stopping child processes and removing temp files/);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });

  it('a promtool that hangs is stopped at the time limit, with an error naming it, exit 2', async () => {
    const tmp = privateTmp();
    const bin = path.join(work, 'hung-bin');
    mkdirSync(bin, { recursive: true });
    const fake = path.join(bin, 'promtool');
    const pidFile = path.join(work, 'hung.pid');
    // Checks rules like the real one, then hangs in the backfill of drill's history (exec: the pid that hangs is the
    // one started).
    writeFileSync(fake, `#!/bin/sh\nif [ "$1 $2" = "tsdb create-blocks-from" ]; then echo $$ > ${pidFile}; exec sleep 600; fi\nexec ${promtool} "$@"\n`);
    chmodSync(fake, 0o755);
    const cli = startCli(['drill', 'fallback-just-below', '--speed', '240'], { env: { TMPDIR: tmp, PROMTOOL_BIN: fake, LUNAR_SIM_CHILD_TIMEOUT: '2s' } });
    const code = await Promise.race([cli.exited, new Promise<string>((r) => setTimeout(() => r('still running after 60 s'), 60_000))]);
    expect(code).toBe(2);
    expect(cli.output()).toMatch(/^lunar-sim: promtool tsdb create-blocks-from did not finish within 2s and was stopped \(LUNAR_SIM_CHILD_TIMEOUT sets the limit\)$/m);
    expect(existsSync(pidFile)).toBe(true);
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    expect(leftovers(tmp)).toEqual({ dirs: [], processes: '' });
  });
});
