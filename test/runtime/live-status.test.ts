import { describe, expect, it } from 'vitest';
import type { Generation } from '../../src/model/generation.js';
import { LiveStatusTracker } from '../../src/runtime/live-status.js';

const M = 60_000;

function gen(source: Generation['source'], seconds = 1, fallbackType: string | null = null): Generation {
  return { startedAt: 0, endsAt: 0, source, model: 'm', fallbackType, durationSeconds: seconds, tokens: null, billedModel: 'm', costUsd: 0.01, userId: null, pod: 0, epoch: 0 };
}

describe('LiveStatusTracker', () => {
  it('reports rates over a rolling window of at least five minutes, not since the last reading', () => {
    const t = new LiveStatusTracker(0);
    for (let i = 0; i < 10; i++) t.completed(gen('db_temporal'));
    expect(t.figures(2 * M).generationsPerMinute).toBe(5);
    // One second later, nothing new: the rate is still about 5/min, not 0.
    expect(t.figures(2 * M + 1000).generationsPerMinute).toBeCloseTo(10 / (121 / 60), 6);
    // After a bucket rolls over, the previous five minutes still count.
    t.figures(5 * M);
    for (let i = 0; i < 5; i++) t.completed(gen('claude', i + 1));
    t.completed(gen('db_template', 2, 'api_error'));
    const f = t.figures(6 * M);
    expect(f.generationsPerMinute).toBeCloseTo(16 / 6, 6);
    expect(f.cacheShare).toBeCloseTo(10 / 16, 6);
    expect(f.fallbackShare).toBeCloseTo(1 / 16, 6);
    expect(f.claudeP95Seconds).toBe(5);
    expect(t.totals).toMatchObject({ generations: 16, fallbacks: 1, bySource: { db_temporal: 10, claude: 5, db_template: 1 } });
  });

  it('has no shares before the first generation', () => {
    expect(new LiveStatusTracker(0).figures(M)).toEqual({ generationsPerMinute: 0, cacheShare: null, fallbackShare: null, claudeP95Seconds: null });
  });
});
