import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parentDeathGuard } from '../../src/prometheus/child.js';
import { childTimeoutMs, exec } from '../../src/prometheus/exec.js';
import { withScratch } from '../../src/prometheus/scratch.js';
import { isRunning } from '../support/processes.js';

const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-exec-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('childTimeoutMs', () => {
  it('is the caller\'s default unless LUNAR_SIM_CHILD_TIMEOUT says otherwise', () => {
    expect(childTimeoutMs(60_000, {})).toBe(60_000);
    expect(childTimeoutMs(60_000, { LUNAR_SIM_CHILD_TIMEOUT: '' })).toBe(60_000);
    expect(childTimeoutMs(60_000, { LUNAR_SIM_CHILD_TIMEOUT: '2s' })).toBe(2000);
    expect(childTimeoutMs(60_000, { LUNAR_SIM_CHILD_TIMEOUT: '24h' })).toBe(86_400_000);
  });

  it.each(['0s', '25h', 'soon', '-1s'])('refuses LUNAR_SIM_CHILD_TIMEOUT=%s, naming the variable and the bounds', (text) => {
    expect(() => childTimeoutMs(60_000, { LUNAR_SIM_CHILD_TIMEOUT: text })).toThrow(UsageError);
    expect(() => childTimeoutMs(60_000, { LUNAR_SIM_CHILD_TIMEOUT: text })).toThrow(
      `LUNAR_SIM_CHILD_TIMEOUT=${text}: expected a duration above 0 and at most 24h, such as 90s or 30m`,
    );
  });
});

describe('exec', () => {
  it('returns the exit code and output of a tool, with TMPDIR inside its Scratch', async () => {
    await withScratch(async (scratch) => {
      const r = await exec('/bin/sh', ['-c', 'echo "$TMPDIR"; echo oops >&2; exit 3'], { scratch, timeoutMs: 10_000 });
      expect(r).toEqual({ code: 3, stdout: `${scratch.root}/tmp\n`, stderr: 'oops\n' });
    });
  });

  it('kills a tool that outlives its time limit and says which call and which limit', async () => {
    const pidFile = path.join(work, 'sleep.pid');
    const call = exec('/bin/sh', ['-c', `echo $$ > ${pidFile}; exec sleep 30`], { timeoutMs: 300 });
    await expect(call).rejects.toThrow('sh -c echo $$ > ');
    await expect(call).rejects.toThrow(/did not finish within 300ms and was stopped \(LUNAR_SIM_CHILD_TIMEOUT sets the limit\)$/);
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('starts children with a parent-death signal on this system (util-linux setpriv)', () => {
    expect(parentDeathGuard()).toEqual(['setpriv', '--pdeathsig', 'KILL', '--']);
  });
});
