/**
 * Figures for the live status line and `/api/v1/status`: totals since start, and rates over the window since the
 * previous reading (generations per simulated minute, cache and fallback shares, Claude P95).
 */
import type { Generation } from '../model/generation.js';
import type { GenerationSink } from '../model/simulation.js';

/** Claude durations kept for the P95 of one window: enough for a stable P95, bounded in memory. */
const MAX_DURATIONS = 5000;

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

export class LiveStatusTracker implements GenerationSink {
  readonly totals: Totals = { generations: 0, bySource: {}, fallbacks: 0, costUsd: 0 };
  private windowCount = 0;
  private windowCache = 0;
  private windowFallback = 0;
  private durations: number[] = [];
  private windowStart: number;

  constructor(start: number) {
    this.windowStart = start;
  }

  started(): void {}

  completed(g: Generation): void {
    const t = this.totals;
    t.generations++;
    t.bySource[g.source] = (t.bySource[g.source] ?? 0) + 1;
    t.costUsd += g.costUsd;
    this.windowCount++;
    if (g.source === 'db_temporal') this.windowCache++;
    if (g.fallbackType !== null) {
      t.fallbacks++;
      this.windowFallback++;
    }
    if (g.source === 'claude' && this.durations.length < MAX_DURATIONS) this.durations.push(g.durationSeconds);
  }

  /** Figures since the previous call (or the start), then starts a new window at `now`. */
  takeWindow(now: number): WindowFigures {
    const minutes = (now - this.windowStart) / 60_000;
    const n = this.windowCount;
    const sorted = this.durations.sort((a, b) => a - b);
    const figures: WindowFigures = {
      generationsPerMinute: minutes > 0 ? n / minutes : 0,
      cacheShare: n > 0 ? this.windowCache / n : null,
      fallbackShare: n > 0 ? this.windowFallback / n : null,
      claudeP95Seconds: sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] : null,
    };
    this.windowStart = now;
    this.windowCount = this.windowCache = this.windowFallback = 0;
    this.durations = [];
    return figures;
  }
}
