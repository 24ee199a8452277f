/**
 * Temp dirs and child processes that must not outlive a run: removed and stopped on success, on error, on
 * SIGINT/SIGTERM, and synchronously at exit. Every Scratch registers itself so that a signal handler, or the
 * process' exit, can clean up all of them.
 *
 * A Scratch is one dir, `$TMPDIR/lunar-sim-scratch-XXXXXX`, holding an owner file and everything else: the temp dirs
 * it hands out and its children's own TMPDIR (promtool's backfill writes `head<N>` dirs there). What SIGKILL leaves
 * behind is therefore one dir with a dead owner, which the next Scratch created anywhere sweeps (orphan-sweep.ts).
 * Children are started by child.ts with a parent-death signal, so none outlives lunar-sim even then.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { OWNER_FILE, SCRATCH_PREFIX, sweepOrphans } from './orphan-sweep.js';
import { selfIdentity } from '../process/process-table.js';

const live = new Set<Scratch>();
let firstScratch = true;

/** Once per process: the exit hook (synchronous, so it runs even when nothing else can) and the orphan sweep. */
function onFirstScratch(): void {
  if (!firstScratch) return;
  firstScratch = false;
  process.on('exit', () => {
    for (const s of live) s.disposeSync();
  });
  sweepOrphans(tmpdir());
}

/** Signals the child's process group (children are group leaders: see child.ts), or the child alone if it is not one. */
export function signalChild(c: ChildProcess, signal: NodeJS.Signals): void {
  if (c.pid === undefined) return;
  try {
    process.kill(-c.pid, signal);
  } catch {
    c.kill(signal);
  }
}

function running(c: ChildProcess): boolean {
  return c.pid !== undefined && c.exitCode === null && c.signalCode === null;
}

export class Scratch {
  /** The one dir everything of this Scratch lives in. */
  readonly root: string;
  private readonly children: ChildProcess[] = [];
  private childTmp: string | null = null;

  constructor() {
    onFirstScratch();
    this.root = mkdtempSync(path.join(tmpdir(), SCRATCH_PREFIX));
    writeFileSync(path.join(this.root, OWNER_FILE), JSON.stringify(selfIdentity()));
    live.add(this);
  }

  /** A fresh temp dir, removed at dispose. */
  tempDir(prefix: string): string {
    return mkdtempSync(path.join(this.root, `${prefix}-`));
  }

  /** The TMPDIR children get, so whatever they leave in it is removed with the Scratch. */
  childTmpDir(): string {
    if (this.childTmp === null) mkdirSync((this.childTmp = path.join(this.root, 'tmp')));
    return this.childTmp;
  }

  /** A child process, stopped at dispose (SIGTERM, then SIGKILL after `graceMs`). */
  track(child: ChildProcess): ChildProcess {
    this.children.push(child);
    return child;
  }

  async dispose(graceMs = 5000): Promise<void> {
    await Promise.all(this.children.map((c) => stopChild(c, graceMs)));
    this.children.length = 0;
    this.removeRoot();
  }

  /** Synchronous variant for process exit: no waiting is possible there. */
  disposeSync(): void {
    for (const c of this.children) if (running(c)) signalChild(c, 'SIGKILL');
    this.children.length = 0;
    this.removeRoot();
  }

  private removeRoot(): void {
    // Retries: a child killed a moment ago may still be writing into it.
    rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
    live.delete(this);
  }
}

/** Runs `body` with a Scratch that is disposed whatever happens. */
export async function withScratch<T>(body: (s: Scratch) => Promise<T>): Promise<T> {
  const s = new Scratch();
  try {
    return await body(s);
  } finally {
    await s.dispose();
  }
}

/** Disposes every live Scratch: for SIGINT/SIGTERM handlers, before exiting. */
export async function disposeAllScratch(): Promise<void> {
  await Promise.all([...live].map((s) => s.dispose(2000)));
}

function stopChild(c: ChildProcess, graceMs: number): Promise<void> {
  if (!running(c)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => signalChild(c, 'SIGKILL'), graceMs);
    c.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    signalChild(c, 'SIGTERM');
  });
}
