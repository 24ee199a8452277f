import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OWNER_FILE, SCRATCH_PREFIX, sweepOrphans } from '../../src/prometheus/orphan-sweep.js';
import { selfIdentity, type ProcessIdentity } from '../../src/process/process-table.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lunar-sim-sweep-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function scratchOwnedBy(name: string, owner: ProcessIdentity | null): string {
  const dir = path.join(tmp, `${SCRATCH_PREFIX}${name}`);
  mkdirSync(path.join(dir, 'tsdb'), { recursive: true });
  if (owner) writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

/** The identity a process had, read while it ran; it has ended when this returns. */
function endedProcess(): ProcessIdentity {
  const r = spawnSync(process.execPath, ['-e', 'console.log(JSON.stringify({ pid: process.pid, stat: require("fs").readFileSync("/proc/self/stat", "utf8") }))'], { encoding: 'utf8' });
  const { pid, stat } = JSON.parse(r.stdout) as { pid: number; stat: string };
  const startTime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  return { pid, startTime, namespace: selfIdentity().namespace };
}

describe('sweepOrphans', () => {
  it('removes the scratch of an ended process, and only that', () => {
    const self = selfIdentity();
    const dead = scratchOwnedBy('dead', endedProcess());
    const mine = scratchOwnedBy('mine', self);
    const reused = scratchOwnedBy('reused', { ...self, startTime: self.startTime! - 1 }); // this pid, another start: the owner is gone
    const elsewhere = scratchOwnedBy('elsewhere', { ...endedProcess(), namespace: 'pid:[1]' }); // another container's pid
    const ownerless = scratchOwnedBy('ownerless', null); // being created right now
    const other = path.join(tmp, 'lunar-sim-verify-test-x'); // not a scratch at all
    mkdirSync(other);

    expect(sweepOrphans(tmp).sort()).toEqual([dead, reused].sort());
    expect([dead, mine, reused, elsewhere, ownerless, other].map(existsSync)).toEqual([false, true, false, true, true, true]);
  });

  it('is quiet about a temp dir that does not exist', () => {
    expect(sweepOrphans(path.join(tmp, 'missing'))).toEqual([]);
  });
});
