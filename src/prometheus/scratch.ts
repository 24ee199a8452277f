/**
 * Temp dirs and child processes that must not outlive a run: removed and stopped on success, on error, and on
 * Ctrl-C. Every Scratch registers itself so that a signal handler, or the process' exit, can clean up all of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';

const live = new Set<Scratch>();
let exitHookInstalled = false;

/** Last resort on exit: synchronous, so it runs even when nothing else can. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const s of live) s.disposeSync();
  });
}

export class Scratch {
  private readonly dirs: string[] = [];
  private readonly children: ChildProcess[] = [];

  constructor() {
    installExitHook();
    live.add(this);
  }

  /** A fresh temp dir, removed at dispose. */
  tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), `lunar-sim-${prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** A child process, stopped at dispose (SIGTERM, then SIGKILL after `graceMs`). */
  track(child: ChildProcess): ChildProcess {
    this.children.push(child);
    return child;
  }

  async dispose(graceMs = 5000): Promise<void> {
    await Promise.all(this.children.map((c) => stopChild(c, graceMs)));
    this.children.length = 0;
    this.removeDirs();
    live.delete(this);
  }

  /** Synchronous variant for process exit: no waiting is possible there. */
  disposeSync(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    this.children.length = 0;
    this.removeDirs();
    live.delete(this);
  }

  private removeDirs(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
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
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => c.kill('SIGKILL'), graceMs);
    c.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    c.kill('SIGTERM');
  });
}
