/**
 * Timers of any length. Node's setTimeout holds at most 2^31−1 ms (24.8 days) and fires a longer delay after 1 ms,
 * so a 30-day hang at speed 1 would answer at once: a long wait is taken in chunks. Timers are unref'd (a pending
 * one never keeps a process alive) and can all be cleared when a run stops.
 */
import { LIMITS } from '../limits.js';

export class LongTimers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly soon = new Set<NodeJS.Immediate>();

  /** Runs `action` after `ms` real milliseconds, however many. */
  after(ms: number, action: () => void): void {
    const wait = Number.isNaN(ms) ? 0 : Math.max(0, ms);
    if (wait < 1) {
      // setTimeout waits at least 1 ms: a generation simulated in microseconds would answer a millisecond late.
      const immediate = setImmediate(() => {
        this.soon.delete(immediate);
        action();
      });
      immediate.unref();
      this.soon.add(immediate);
      return;
    }
    const chunk = Math.min(wait, LIMITS.timerMs);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (wait > chunk) this.after(wait - chunk, action);
      else action();
    }, chunk);
    timer.unref();
    this.pending.add(timer);
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    for (const immediate of this.soon) clearImmediate(immediate);
    this.pending.clear();
    this.soon.clear();
  }
}
