/**
 * Figures for the live status line: totals since start, and rates over a rolling window of at least five simulated
 * minutes (generations per minute, cache and fallback shares, Claude P95). A window of one real second would show
 * "0 gen/min" most of the time at night-time traffic.
 */
import type { Outcome } from '../model/aggregate/outcome-table.js';
import type { Generation } from '../model/generation.js';
import type { GenerationSink } from '../model/simulation.js';

/** Claude durations kept per bucket for the P95: enough for a stable P95, bounded in memory. */
const MAX_DURATIONS = 5000;
/** Simulated length of a bucket; the figures cover the current bucket and the previous one. */
const BUCKET_MS = 5 * 60_000;

export interface WindowFigures {
  generationsPerMinute: number;
  cacheShare: number | null;
  fallbackShare: number | null;
  claudeP95Seconds: number | null;
}

export interface Totals {
  generations: number;
  bySource: Record<string, number>;
  fallbacks: number;
  costUsd: number;
}

interface Bucket {
  start: number;
  count: number;
  cache: number;
  fallback: number;
  durations: number[];
}

const emptyBucket = (start: number): Bucket => ({ start, count: 0, cache: 0, fallback: 0, durations: [] });

export class LiveStatusTracker implements GenerationSink {
  readonly totals: Totals = { generations: 0, bySource: {}, fallbacks: 0, costUsd: 0 };
  private previous: Bucket | null = null;
  private current: Bucket;

  constructor(start: number) {
    this.current = emptyBucket(start);
  }

  started(): void {}

  completed(g: Generation): void {
    const t = this.totals;
    t.generations++;
    t.bySource[g.source] = (t.bySource[g.source] ?? 0) + 1;
    t.costUsd += g.costUsd;
    const b = this.current;
    b.count++;
    if (g.source === 'db_temporal') b.cache++;
    if (g.fallbackType !== null) {
      t.fallbacks++;
      b.fallback++;
    }
    if (g.source === 'claude' && b.durations.length < MAX_DURATIONS) b.durations.push(g.durationSeconds);
  }

  /** `count` generations of one aggregate outcome completed (each counted at the outcome's mean duration). */
  completedOutcomes(o: Outcome, count: number): void {
    const t = this.totals;
    t.generations += count;
    t.bySource[o.source] = (t.bySource[o.source] ?? 0) + count;
    t.costUsd += count * o.costUsd;
    const b = this.current;
    b.count += count;
    if (o.source === 'db_temporal') b.cache += count;
    if (o.fallbackType !== null) {
      t.fallbacks += count;
      b.fallback += count;
    }
    if (o.source === 'claude') for (let i = 0; i < count && b.durations.length < MAX_DURATIONS; i++) b.durations.push(o.meanSeconds);
  }

  /** Figures over the previous and current buckets, as of simulated time `now`. */
  figures(now: number): WindowFigures {
    if (now - this.current.start >= BUCKET_MS) {
      this.previous = this.current;
      this.current = emptyBucket(now);
    }
    const buckets = this.previous ? [this.previous, this.current] : [this.current];
    const sum = (f: (b: Bucket) => number): number => buckets.reduce((s, b) => s + f(b), 0);
    const n = sum((b) => b.count);
    const minutes = (now - buckets[0].start) / 60_000;
    const sorted = buckets.flatMap((b) => b.durations).sort((a, b) => a - b);
    return {
      generationsPerMinute: minutes > 0 ? n / minutes : 0,
      cacheShare: n > 0 ? sum((b) => b.cache) / n : null,
      fallbackShare: n > 0 ? sum((b) => b.fallback) / n : null,
      claudeP95Seconds: sorted.length > 0 ? sorted[Math.ceil(0.95 * sorted.length) - 1] : null,
    };
  }
}
