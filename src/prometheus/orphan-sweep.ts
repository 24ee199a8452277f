/**
 * What a lunar-sim killed with SIGKILL leaves behind: its scratch dirs (nothing ran to remove them) and, in the rare
 * case its children were started in the instant before their parent-death signal was armed, those children. The
 * next Scratch to be created sweeps both: every `lunar-sim-scratch-*` dir in the temp dir whose owner file names a
 * process that has ended (in this pid namespace, same user) is emptied of processes and removed.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAlive, pidsMentioning, selfIdentity, type ProcessIdentity } from '../process/process-table.js';

export const SCRATCH_PREFIX = 'lunar-sim-scratch-';
export const OWNER_FILE = 'owner.json';

function ownerOf(dir: string): ProcessIdentity | null {
  try {
    const owner = JSON.parse(readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as ProcessIdentity;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null; // being created right now, or not ours: leave it
  }
}

function isOrphaned(dir: string, self: ProcessIdentity): boolean {
  try {
    if (process.getuid && statSync(dir).uid !== process.getuid()) return false;
  } catch {
    return false;
  }
  const owner = ownerOf(dir);
  if (!owner) return false;
  // A pid from another pid namespace (a container sharing /tmp) cannot be checked from here.
  if (owner.namespace !== self.namespace) return false;
  return !isAlive(owner);
}

/** Removes the scratch dirs of dead lunar-sim processes in `tmp`, after killing any process still using them. */
export function sweepOrphans(tmp: string): string[] {
  let names: string[];
  try {
    names = readdirSync(tmp).filter((n) => n.startsWith(SCRATCH_PREFIX));
  } catch {
    return [];
  }
  const self = selfIdentity();
  const swept: string[] = [];
  for (const dir of names.map((n) => path.join(tmp, n)).filter((d) => isOrphaned(d, self))) {
    for (const pid of pidsMentioning(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      // Retries: a process killed a moment ago may still be writing into the dir.
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      swept.push(dir);
    } catch {
      // left for the next sweep: never a reason to fail the command that sweeps
    }
  }
  return swept;
}
