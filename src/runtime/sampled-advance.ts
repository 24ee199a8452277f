/**
 * The virtual part of a run: the simulation advanced step by step over a span of simulated time, with a snapshot of
 * every metric at each step the API is up. Down phases leave gaps (no scrape succeeds) and restart the counters at 0
 * afterwards. Virtual runs are only this; a live run with history starts with it.
 */
import { VirtualClock } from '../core/clock.js';
import type { SampleLog } from '../metrics/sample-log.js';
import type { Simulation } from '../model/simulation.js';
import type { Timeline } from '../scenario/timeline.js';

export interface SampledSpan {
  from: number;
  to: number;
  step: number;
}

/** Advances `sim` over `span` (both ends included, on the step grid from `span.from`), recording into `log`. */
export function advanceSampled(sim: Simulation, timeline: Timeline, uptime: (down: boolean) => void, log: SampleLog, span: SampledSpan): void {
  const clock = new VirtualClock(span.from);
  const steps = Math.floor((span.to - span.from) / span.step);
  for (let i = 0; i <= steps; i++) {
    clock.advanceTo(span.from + i * span.step);
    const t = clock.now();
    const down = timeline.isDown(t);
    sim.advanceTo(t);
    uptime(down);
    if (!down) log.record(t);
  }
}
