/**
 * Just enough of the process table, read from /proc (Linux): to tell a live process from a dead one whose pid may have
 * been reused, to find the processes a dead run left behind, and to see who started lunar-sim. Where /proc is
 * missing, liveness falls back to `kill(pid, 0)`, and nothing can be found by its command line or parent.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Who created something: enough to recognise the same process later, even after its pid is reused. */
export interface ProcessIdentity {
  pid: number;
  /** Clock ticks after boot (field 22 of /proc/PID/stat); null without /proc. */
  startTime: number | null;
  /** `pid:[inode]` of the pid namespace; null without /proc. Pids mean nothing across namespaces. */
  namespace: string | null;
}

/** Fields 3 onwards of /proc/PID/stat (state, ppid, …, starttime at index 19); null when it cannot be read. */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function startTimeOf(pid: number | 'self'): number | null {
  const fields = statFields(pid);
  // A zombie has finished: only its exit status is left.
  return fields === null || fields[0] === 'Z' ? null : Number(fields[19]);
}

function namespaceOf(pid: number | 'self'): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

/** This process' identity. */
export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: startTimeOf('self'), namespace: namespaceOf('self') };
}

/** The identity of process `pid`, or null when it cannot be read (no /proc, or it has ended). */
export function identityOf(pid: number): ProcessIdentity | null {
  const startTime = startTimeOf(pid);
  return startTime === null ? null : { pid, startTime, namespace: namespaceOf(pid) };
}

/** The parent pid of `pid`, or null. */
export function parentOf(pid: number): number | null {
  const fields = statFields(pid);
  return fields === null ? null : Number(fields[1]);
}

/** The command name of `pid` (`sh`, `node`, `npm exec`…), or null. */
export function commandNameOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** True while the process `who` names is still running (same pid, same start time). */
export function isAlive(who: ProcessIdentity): boolean {
  if (who.startTime !== null) return startTimeOf(who.pid) === who.startTime;
  try {
    process.kill(who.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Pids of live processes whose command line or environment contains `text` (not this process). */
export function pidsMentioning(text: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const pid of entries) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text) || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(text)) {
        found.push(Number(pid));
      }
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return found;
}
