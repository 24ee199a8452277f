/**
 * The virtual part of a run: the simulation advanced step by step over a span of simulated time, with a snapshot of
 * every target that is up at each step. Down replicas (or the whole API down) are simply not scraped: the log keeps
 * their gap, and their counters restart at 0 when they come back. Virtual runs are only this; a live run with history
 * starts with it.
 */
import type { ScrapeTarget } from '../metrics/fleet-recorder.js';
import type { SampleLog } from '../metrics/sample-log.js';

export interface SampledSpan {
  from: number;
  to: number;
  step: number;
}

/**
 * Advances the simulation with `advance` over `span` (both ends included, on the step grid from `span.from`),
 * recording what `targets` gives at each step into `log`.
 */
export function advanceSampled(
  advance: (t: number) => void,
  targets: () => readonly Pick<ScrapeTarget, 'labels' | 'store'>[],
  log: SampleLog,
  span: SampledSpan,
): void {
  const steps = Math.floor((span.to - span.from) / span.step);
  for (let i = 0; i <= steps; i++) {
    const t = span.from + i * span.step;
    advance(t);
    log.record(t, targets());
  }
}
